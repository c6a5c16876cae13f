// What a call is held for before it is forwarded: every unbounded field held at the most it can
// cost within the model's limits, invalid counts refused as OpenAI refuses them, and a prompt
// that cannot fit the context window refused without a false refusal from a bounded count.
import { FREE } from "@relay/billing";
import { describe, expect, it } from "vitest";
import type { CatalogModel } from "../catalog/catalog.ts";
import { OpenAIError } from "../http/openai-error.ts";
import { countChatPromptTokens, countTextTokens } from "../tokenize/index.ts";
import { chatCompletions } from "./chat.ts";
import { completions } from "./completions.ts";
import { imageGenerations } from "./images.ts";
import type { MeteredEndpoint } from "./types.ts";

function model(id: string, contextWindow: number, maxOutputTokens: number): CatalogModel {
  return {
    id,
    kind: "CHAT",
    created: 0,
    ownedBy: "test",
    contextWindow,
    maxOutputTokens,
    sale: FREE,
    cost: FREE,
    images: new Map([["1024x1024/standard", { sale: 40_000n, cost: 30_000n }]]),
    routes: [],
  };
}

const instruct = model("gpt-3.5-turbo-instruct", 4_096, 4_096);
const mini = model("gpt-4o-mini", 128_000, 16_384);

/** As admission runs it: validate (which fills defaults), then estimate. */
function hold(endpoint: MeteredEndpoint, body: Record<string, unknown>, on: CatalogModel) {
  const copy = structuredClone(body);
  endpoint.validate(copy);
  return endpoint.estimate(copy, on);
}

function refusal(run: () => unknown): OpenAIError {
  try {
    run();
  } catch (error) {
    if (error instanceof OpenAIError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

// "hello world" is 2 tokens in cl100k_base (gpt-3.5-turbo-instruct).
const prompt = "hello world";

describe("completions hold", () => {
  it.each<[string, Record<string, unknown>, number, number]>([
    // [why, body, prompt tokens held, completion tokens held]
    ["absent max_tokens: the documented 16", {}, 2, 16],
    ["null max_tokens: no cap, up to the window", { max_tokens: null }, 2, 4_094],
    ["an explicit max_tokens", { max_tokens: 100 }, 2, 100],
    ["max_tokens 0 (scoring with echo) holds the echo", { max_tokens: 0, echo: true }, 2, 2],
    ["n multiplies", { max_tokens: null, n: 4 }, 2, 4 * 4_094],
    [
      "best_of generates (and bills) all its candidates",
      { max_tokens: 10, n: 2, best_of: 5 },
      2,
      50,
    ],
    [
      "each prompt of an array gets n",
      { prompt: [prompt, prompt, prompt], n: 2, max_tokens: 10 },
      6,
      60,
    ],
    [
      "each token array is a prompt",
      { prompt: [[1, 2, 3], [4]], max_tokens: null },
      4,
      4_093 + 4_095,
    ],
    ["one token array is one prompt", { prompt: [1, 2, 3], max_tokens: 7 }, 3, 7],
    [
      "the suffix follows every prompt",
      { prompt: [prompt, prompt], suffix: prompt, max_tokens: 1 },
      8,
      2,
    ],
  ])("%s", (_why, body, promptTokens, maxCompletionTokens) => {
    expect(hold(completions, { model: instruct.id, prompt, ...body }, instruct)).toEqual({
      promptTokens,
      maxCompletionTokens,
    });
  });

  it("writes the default max_tokens out, so an upstream with another default cannot outrun it", () => {
    const body: Record<string, unknown> = { model: instruct.id, prompt };
    completions.validate(body);
    expect(body.max_tokens).toBe(16);
    const uncapped: Record<string, unknown> = { model: instruct.id, prompt, max_tokens: null };
    completions.validate(uncapped);
    expect(uncapped.max_tokens).toBeNull();
  });

  it("refuses a cap above the model's output limit, in OpenAI's words", () => {
    const error = refusal(() => hold(completions, { prompt, max_tokens: 100_000 }, mini));
    expect(error.toJSON().error).toEqual({
      message:
        "max_tokens is too large: 100000. This model supports at most 16384 completion tokens, whereas you provided 100000.",
      type: "invalid_request_error",
      param: "max_tokens",
      code: "invalid_value",
    });
  });
});

describe("chat hold", () => {
  const messages = [{ role: "user", content: "hello" }];
  const p = countChatPromptTokens(messages, mini.id);
  const small = model("gpt-4o-mini", 1_000, 4_096);
  it.each<[string, Record<string, unknown>, CatalogModel, number]>([
    ["absent caps: the model's output limit", {}, mini, 16_384],
    ["null max_tokens: no cap", { max_tokens: null }, mini, 16_384],
    ["null max_completion_tokens: no cap", { max_completion_tokens: null }, mini, 16_384],
    ["max_completion_tokens", { max_completion_tokens: 50 }, mini, 50],
    ["max_tokens", { max_tokens: 50 }, mini, 50],
    [
      "both: the larger, whichever the upstream reads",
      { max_tokens: 50, max_completion_tokens: 80 },
      mini,
      80,
    ],
    [
      "a cap beside a null one: uncapped",
      { max_completion_tokens: 50, max_tokens: null },
      mini,
      16_384,
    ],
    ["n multiplies", { n: 3 }, mini, 3 * 16_384],
    ["a window smaller than the output limit: the room left", {}, small, 1_000 - p],
  ])("%s", (_why, body, on, maxCompletionTokens) => {
    expect(hold(chatCompletions, { model: on.id, messages, ...body }, on)).toEqual({
      promptTokens: p,
      maxCompletionTokens,
    });
  });
});

describe("invalid counts are a 400 with the parameter named", () => {
  const chat = { model: mini.id, messages: [{ role: "user", content: "hi" }] };
  const text = { model: instruct.id, prompt };
  it.each<[string, MeteredEndpoint, Record<string, unknown>, string, string]>([
    ["n 0", chatCompletions, { ...chat, n: 0 }, "n", "integer_below_min_value"],
    ["n 1.5", chatCompletions, { ...chat, n: 1.5 }, "n", "invalid_type"],
    ["n as a string", chatCompletions, { ...chat, n: "2" }, "n", "invalid_type"],
    ["n 10^9", chatCompletions, { ...chat, n: 1e9 }, "n", "integer_above_max_value"],
    [
      "max_tokens 0 on chat",
      chatCompletions,
      { ...chat, max_tokens: 0 },
      "max_tokens",
      "integer_below_min_value",
    ],
    [
      "max_completion_tokens a string",
      chatCompletions,
      { ...chat, max_completion_tokens: "9" },
      "max_completion_tokens",
      "invalid_type",
    ],
    [
      "max_tokens past the output limit",
      chatCompletions,
      { ...chat, max_tokens: 20_000 },
      "max_tokens",
      "invalid_value",
    ],
    [
      "max_completion_tokens past the output limit",
      chatCompletions,
      { ...chat, max_completion_tokens: 16_385 },
      "max_completion_tokens",
      "invalid_value",
    ],
    ["completions n 10^9", completions, { ...text, n: 1e9 }, "n", "integer_above_max_value"],
    ["best_of below n", completions, { ...text, n: 3, best_of: 2 }, "best_of", "invalid_value"],
    [
      "best_of past 20",
      completions,
      { ...text, best_of: 21 },
      "best_of",
      "integer_above_max_value",
    ],
    ["best_of 0", completions, { ...text, best_of: 0 }, "best_of", "integer_below_min_value"],
    [
      "best_of > n on a stream",
      completions,
      { ...text, best_of: 2, stream: true },
      "best_of",
      "invalid_value",
    ],
    [
      "max_tokens -1",
      completions,
      { ...text, max_tokens: -1 },
      "max_tokens",
      "integer_below_min_value",
    ],
    [
      "max_tokens 1e400 (Infinity)",
      completions,
      { ...text, max_tokens: Number.POSITIVE_INFINITY },
      "max_tokens",
      "invalid_type",
    ],
    [
      "images n 11",
      imageGenerations,
      { model: "dall-e-3", prompt: "a cat", n: 11 },
      "n",
      "integer_above_max_value",
    ],
    [
      "images n 0",
      imageGenerations,
      { model: "dall-e-3", prompt: "a cat", n: 0 },
      "n",
      "integer_below_min_value",
    ],
  ])("%s", (_why, endpoint, body, param, code) => {
    const error = refusal(() => hold(endpoint, body, mini));
    expect(error.status).toBe(400);
    expect(error.toJSON().error).toMatchObject({ type: "invalid_request_error", param, code });
  });

  it("images hold n of them, at most 10", () => {
    const body = { model: "dall-e-2", prompt: "a cat", n: 10 };
    expect(hold(imageGenerations, body, mini).images?.count).toBe(10);
  });
});

describe("context window", () => {
  it("refuses a completions prompt past the window, as OpenAI words it", () => {
    const long = "hello ".repeat(5_000);
    const tokens = countTextTokens(long, instruct.id);
    const error = refusal(() => hold(completions, { prompt: long, max_tokens: null }, instruct));
    expect(error.toJSON()).toEqual({
      error: {
        message: `This model's maximum context length is 4096 tokens, however you requested ${tokens} tokens (${tokens} in your prompt; 0 for the completion). Please reduce your prompt; or completion length.`,
        type: "invalid_request_error",
        param: "prompt",
        code: "context_length_exceeded",
      },
    });
  });

  it("refuses a prompt that fits only without its max_tokens (the default 16 counts)", () => {
    const long = "hello ".repeat(4_085);
    const tokens = countTextTokens(long, instruct.id);
    expect(tokens).toBeLessThan(4_096);
    expect(tokens + 16).toBeGreaterThan(4_096);
    expect(refusal(() => hold(completions, { prompt: long }, instruct)).code).toBe(
      "context_length_exceeded",
    );
    // With no cap it fits, held for the room that is left.
    expect(hold(completions, { prompt: long, max_tokens: null }, instruct)).toEqual({
      promptTokens: tokens,
      maxCompletionTokens: 4_096 - tokens,
    });
  });

  it("checks every prompt of a batch on its own", () => {
    const long = "hello ".repeat(3_000);
    expect(hold(completions, { prompt: [long, long], max_tokens: 10 }, instruct)).toMatchObject({
      maxCompletionTokens: 20,
    });
    expect(
      refusal(() => hold(completions, { prompt: [prompt, long], max_tokens: 2_000 }, instruct))
        .code,
    ).toBe("context_length_exceeded");
  });

  it("words a chat refusal with and without a completion cap", () => {
    const gpt35 = model("gpt-3.5-turbo", 16_385, 4_096);
    const messages = [{ role: "user", content: "hello ".repeat(20_000) }];
    const tokens = countChatPromptTokens(messages, gpt35.id);
    expect(refusal(() => hold(chatCompletions, { messages }, gpt35)).toJSON().error).toEqual({
      message: `This model's maximum context length is 16385 tokens. However, your messages resulted in ${tokens} tokens. Please reduce the length of the messages.`,
      type: "invalid_request_error",
      param: "messages",
      code: "context_length_exceeded",
    });
    const fits = [{ role: "user", content: "hello ".repeat(15_000) }];
    const p = countChatPromptTokens(fits, gpt35.id);
    expect(
      refusal(() => hold(chatCompletions, { messages: fits, max_tokens: 4_000 }, gpt35)).message,
    ).toBe(
      `This model's maximum context length is 16385 tokens. However, you requested ${p + 4_000} tokens (${p} in the messages, 4000 in the completion). Please reduce the length of the messages or completion.`,
    );
  });

  it("does not refuse on estimates: images counted flat may be far fewer tokens", () => {
    const tiny = model("gpt-4o-mini", 1_000, 500);
    const image = {
      type: "image_url",
      image_url: { url: "https://example.com/a.png", detail: "low" },
    };
    const messages = [{ role: "user", content: [{ type: "text", text: "what?" }, image, image] }];
    const estimate = hold(chatCompletions, { messages }, tiny);
    expect(estimate.promptTokens).toBeGreaterThan(1_000);
    expect(estimate.maxCompletionTokens).toBe(500);
  });

  it("does not refuse for a model whose tokenizer it does not have", () => {
    const other = model("deepseek-chat", 1_000, 500);
    const messages = [{ role: "user", content: "hello ".repeat(5_000) }];
    expect(hold(chatCompletions, { messages }, other).maxCompletionTokens).toBe(500);
  });

  it("counts a huge prompt that fits exactly instead of refusing on its byte bound", () => {
    // 600,000 letters are 75,000 tokens; bounded by bytes past 400,000 characters they would be
    // 250,000, past the 128,000 window.
    const messages = [{ role: "user", content: "a".repeat(600_000) }];
    const estimate = hold(chatCompletions, { messages }, mini);
    const exact = countChatPromptTokens(messages, mini.id, {
      exactChars: Number.POSITIVE_INFINITY,
      uncertain: 0,
      bounded: false,
    });
    expect(exact).toBeLessThan(80_000);
    expect(estimate).toEqual({ promptTokens: exact, maxCompletionTokens: 16_384 });
  });

  it("refuses a huge prompt far past the window, and fast", () => {
    for (const words of [200_000, 1_000_000]) {
      const messages = [{ role: "user", content: "hello ".repeat(words) }];
      const started = performance.now();
      const error = refusal(() => hold(chatCompletions, { messages }, mini));
      expect(error.code).toBe("context_length_exceeded");
      expect(performance.now() - started).toBeLessThan(5_000);
    }
  });
});
