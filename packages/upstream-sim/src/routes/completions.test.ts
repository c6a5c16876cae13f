import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUpstreamSim, type UpstreamSim } from "../server.ts";
import { countTokens, encodeText } from "../tokens.ts";

let sim: UpstreamSim;
let client: OpenAI;

beforeAll(async () => {
  sim = await startUpstreamSim();
  client = new OpenAI({ baseURL: sim.url, apiKey: "test", maxRetries: 0 });
});
afterAll(() => sim.close());

const model = "gpt-3.5-turbo-instruct";
const prompt = "Write a line about the sea";

describe("legacy completions", () => {
  it("answers a string prompt, cut at the default 16 tokens", async () => {
    const res = await client.completions.create({ model, prompt });
    const choice = res.choices[0];
    expect(res.object).toBe("text_completion");
    expect(res.id).toMatch(/^cmpl-/);
    expect(choice?.finish_reason).toBe("length");
    expect(countTokens(choice?.text ?? "")).toBe(16);
    expect(res.usage).toEqual({
      prompt_tokens: countTokens(prompt),
      completion_tokens: 16,
      total_tokens: countTokens(prompt) + 16,
    });
    const again = await client.completions.create({ model, prompt });
    expect(again.choices[0]?.text).toBe(choice?.text);
  });

  it("finishes with stop when max_tokens leaves room", async () => {
    const res = await client.completions.create({ model, prompt, max_tokens: 500 });
    expect(res.choices[0]?.finish_reason).toBe("stop");
    expect(res.usage?.completion_tokens).toBe(countTokens(res.choices[0]?.text ?? ""));
  });

  it("reads all four prompt forms", async () => {
    const text = await client.completions.create({ model, prompt });
    const tokens = await client.completions.create({ model, prompt: encodeText(prompt) });
    // The same prompt as tokens is the same prompt.
    expect(tokens.choices[0]?.text).toBe(text.choices[0]?.text);
    expect(tokens.usage?.prompt_tokens).toBe(encodeText(prompt).length);

    const strings = await client.completions.create({ model, prompt: [prompt, "Another one"] });
    expect(strings.choices.map((c) => c.index)).toEqual([0, 1]);
    expect(strings.choices[0]?.text).toBe(text.choices[0]?.text);
    expect(strings.usage?.prompt_tokens).toBe(countTokens(prompt) + countTokens("Another one"));

    const arrays = await client.completions.create({
      model,
      prompt: [encodeText(prompt), encodeText("Another one")],
      n: 2,
    });
    expect(arrays.choices.map((c) => c.index)).toEqual([0, 1, 2, 3]);
    expect(arrays.choices[2]?.text).toBe(strings.choices[1]?.text);
  });

  it("rejects token ids outside the vocabulary", async () => {
    await expect(
      client.completions.create({ model, prompt: [1, 2, 9_999_999] }),
    ).rejects.toMatchObject({ status: 400, param: "prompt" });
  });

  it("echoes the prompt and counts a suffix as input", async () => {
    const plain = await client.completions.create({ model, prompt });
    const echoed = await client.completions.create({ model, prompt, echo: true });
    expect(echoed.choices[0]?.text).toBe(prompt + (plain.choices[0]?.text ?? ""));
    expect(echoed.usage).toEqual(plain.usage);

    const suffixed = await client.completions.create({ model, prompt, suffix: " and so on." });
    expect(suffixed.usage?.prompt_tokens).toBe(countTokens(prompt) + countTokens(" and so on."));
    expect(suffixed.choices[0]?.text).not.toBe(plain.choices[0]?.text);
  });

  it("returns deterministic logprobs that spell the text", async () => {
    const res = await client.completions.create({ model, prompt, logprobs: 3 });
    const again = await client.completions.create({ model, prompt, logprobs: 3 });
    const choice = res.choices[0];
    const logprobs = choice?.logprobs;
    expect(logprobs?.tokens?.join("")).toBe(choice?.text);
    expect(logprobs?.token_logprobs).toHaveLength(16);
    expect(logprobs?.token_logprobs?.every((lp) => lp <= 0)).toBe(true);
    expect(Object.keys(logprobs?.top_logprobs?.[0] ?? {})).toHaveLength(3);
    expect(logprobs?.text_offset?.[0]).toBe(prompt.length);
    expect(again.choices[0]?.logprobs).toEqual(logprobs);

    // Scoring a prompt: echo, no new tokens; the first token has nothing before it.
    const scored = await client.completions.create({
      model,
      prompt,
      echo: true,
      logprobs: 1,
      max_tokens: 0,
    });
    expect(scored.choices[0]?.text).toBe(prompt);
    expect(scored.choices[0]?.logprobs?.tokens?.join("")).toBe(prompt);
    expect(scored.choices[0]?.logprobs?.token_logprobs?.[0]).toBeNull();
    expect(scored.usage?.completion_tokens).toBe(0);
  });

  it("bills every best_of candidate and returns n", async () => {
    const single = await client.completions.create({ model, prompt, max_tokens: 200 });
    const best = await client.completions.create({ model, prompt, max_tokens: 200, best_of: 3 });
    expect(best.choices).toHaveLength(1);
    expect(best.usage?.completion_tokens).toBeGreaterThan(single.usage?.completion_tokens ?? 0);
    await expect(
      client.completions.create({ model, prompt, best_of: 3, stream: true }),
    ).rejects.toMatchObject({ status: 400, param: "best_of" });
  });

  it("streams text_completion chunks with the same text, usage last when asked", async () => {
    const whole = await client.completions.create({ model, prompt, n: 2, echo: true });
    const stream = await client.completions.create({
      model,
      prompt,
      n: 2,
      echo: true,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((chunk) => chunk.object === "text_completion")).toBe(true);
    for (const choice of whole.choices) {
      const text = chunks
        .flatMap((chunk) => chunk.choices.filter((c) => c.index === choice.index))
        .map((c) => c.text)
        .join("");
      expect(text).toBe(choice.text);
    }
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toEqual(whole.usage);
  });
});
