import OpenAI from "openai";
import type { ChatCompletionCreateParamsNonStreaming } from "openai/resources/chat/completions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUpstreamSim, type UpstreamSim } from "../server.ts";
import { countChatPromptTokens, countTokens, countToolDefinitionTokens } from "../tokens.ts";

let sim: UpstreamSim;
let client: OpenAI;

beforeAll(async () => {
  sim = await startUpstreamSim();
  client = new OpenAI({ baseURL: sim.url, apiKey: "test", maxRetries: 0 });
});
afterAll(() => sim.close());

const base: ChatCompletionCreateParamsNonStreaming = {
  model: "gpt-4o-mini",
  messages: [
    { role: "system", content: "You are terse." },
    { role: "user", content: "Tell me about rivers." },
  ],
};

const weatherTool = {
  type: "function" as const,
  function: {
    name: "get_weather",
    description: "Current weather for a place",
    parameters: {
      type: "object",
      properties: {
        location: { type: "string" },
        unit: { type: "string", enum: ["celsius", "fahrenheit"] },
      },
      required: ["location", "unit"],
      additionalProperties: false,
    },
  },
};

async function streamed(
  params: ChatCompletionCreateParamsNonStreaming & { includeUsage?: boolean },
) {
  const { includeUsage, ...rest } = params;
  const stream = await client.chat.completions.create({
    ...rest,
    stream: true,
    ...(includeUsage === undefined ? {} : { stream_options: { include_usage: includeUsage } }),
  });
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe("chat completions", () => {
  it("answers deterministically with usage counted by the tokenizer", async () => {
    const first = await client.chat.completions.create(base);
    const second = await client.chat.completions.create(base);
    const text = first.choices[0]?.message.content ?? "";

    expect(first.object).toBe("chat.completion");
    expect(first.id).toMatch(/^chatcmpl-/);
    expect(first.model).toBe("gpt-4o-mini");
    expect(first.choices[0]?.finish_reason).toBe("stop");
    expect(first.choices[0]?.message.role).toBe("assistant");
    expect(second.choices[0]?.message.content).toBe(text);
    expect(second.id).not.toBe(first.id);

    const completionTokens = countTokens(text);
    expect(completionTokens).toBeGreaterThanOrEqual(20);
    expect(completionTokens).toBeLessThanOrEqual(70);
    expect(first.usage).toMatchObject({
      prompt_tokens: countChatPromptTokens(base.messages),
      completion_tokens: completionTokens,
      total_tokens: countChatPromptTokens(base.messages) + completionTokens,
    });
  });

  it("gives a different answer to a different prompt or model", async () => {
    const a = await client.chat.completions.create(base);
    const b = await client.chat.completions.create({ ...base, model: "gpt-4o" });
    const c = await client.chat.completions.create({
      ...base,
      messages: [{ role: "user", content: "Something else entirely." }],
    });
    expect(b.choices[0]?.message.content).not.toBe(a.choices[0]?.message.content);
    expect(c.choices[0]?.message.content).not.toBe(a.choices[0]?.message.content);
  });

  it("streams the same text as the non-stream answer and ends", async () => {
    const whole = await client.chat.completions.create(base);
    const chunks = await streamed(base);

    expect(chunks.every((chunk) => chunk.object === "chat.completion.chunk")).toBe(true);
    expect(chunks[0]?.choices[0]?.delta.role).toBe("assistant");
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
    expect(text).toBe(whole.choices[0]?.message.content);
    expect(chunks.length).toBeGreaterThan(10);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("stop");
    // No usage unless asked for.
    expect(chunks.every((chunk) => chunk.usage === undefined)).toBe(true);
  });

  it("adds one usage chunk with no choices when include_usage is set", async () => {
    const whole = await client.chat.completions.create(base);
    const chunks = await streamed({ ...base, includeUsage: true });
    const last = chunks.at(-1);

    expect(last?.choices).toEqual([]);
    expect(last?.usage).toEqual(whole.usage);
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
    expect(last?.usage?.completion_tokens).toBe(countTokens(text));

    const without = await streamed({ ...base, includeUsage: false });
    expect(without.some((chunk) => chunk.usage)).toBe(false);
  });

  it("ends the SSE body with data: [DONE]", async () => {
    const res = await fetch(`${sim.url}/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer test", "content-type": "application/json" },
      body: JSON.stringify({ ...base, stream: true }),
    });
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const body = await res.text();
    expect(body.endsWith("data: [DONE]\n\n")).toBe(true);
    expect(
      body
        .split("\n\n")
        .filter(Boolean)
        .every((event) => event.startsWith("data: ")),
    ).toBe(true);
  });

  it("cuts at max_tokens with finish_reason length", async () => {
    const full = await client.chat.completions.create(base);
    for (const cap of [{ max_tokens: 5 }, { max_completion_tokens: 5 }]) {
      const cut = await client.chat.completions.create({ ...base, ...cap });
      const text = cut.choices[0]?.message.content ?? "";
      expect(cut.choices[0]?.finish_reason).toBe("length");
      expect(cut.usage?.completion_tokens).toBe(5);
      expect(countTokens(text)).toBe(5);
      expect(full.choices[0]?.message.content?.startsWith(text)).toBe(true);
    }
    const roomy = await client.chat.completions.create({ ...base, max_tokens: 4000 });
    expect(roomy.choices[0]?.finish_reason).toBe("stop");
  });

  it("stops before a stop sequence", async () => {
    const full = (await client.chat.completions.create(base)).choices[0]?.message.content ?? "";
    const word = full.split(" ")[3] ?? "";
    const cut = await client.chat.completions.create({ ...base, stop: [` ${word}`] });
    const text = cut.choices[0]?.message.content ?? "";
    expect(cut.choices[0]?.finish_reason).toBe("stop");
    expect(text).toBe(full.slice(0, full.indexOf(` ${word}`)));
    expect(cut.usage?.completion_tokens).toBe(countTokens(text));
  });

  it("returns n distinct choices and bills them all", async () => {
    const res = await client.chat.completions.create({ ...base, n: 2 });
    const [a, b] = res.choices;
    expect(res.choices.map((c) => c.index)).toEqual([0, 1]);
    expect(a?.message.content).not.toBe(b?.message.content);
    expect(res.usage?.completion_tokens).toBe(
      countTokens(a?.message.content ?? "") + countTokens(b?.message.content ?? ""),
    );

    const chunks = await streamed({ ...base, n: 2 });
    for (const choice of res.choices) {
      const text = chunks
        .flatMap((chunk) => chunk.choices.filter((c) => c.index === choice.index))
        .map((c) => c.delta.content ?? "")
        .join("");
      expect(text).toBe(choice.message.content);
    }
  });

  it("calls a tool when asked about the weather", async () => {
    const params: ChatCompletionCreateParamsNonStreaming = {
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "What's the weather in Oslo today?" }],
      tools: [weatherTool],
    };
    const res = await client.chat.completions.create(params);
    const choice = res.choices[0];
    const call = choice?.message.tool_calls?.[0];
    expect(choice?.finish_reason).toBe("tool_calls");
    expect(choice?.message.content).toBeNull();
    expect(call?.type).toBe("function");
    if (call?.type !== "function") throw new Error("expected a function call");
    expect(call.id).toMatch(/^call_/);
    expect(call.function.name).toBe("get_weather");
    const args = JSON.parse(call.function.arguments);
    expect(args.location).toBe("Oslo");
    expect(["celsius", "fahrenheit"]).toContain(args.unit);
    expect(res.usage?.prompt_tokens).toBe(
      countChatPromptTokens(params.messages) + countToolDefinitionTokens([weatherTool]),
    );

    // Same call, streamed: the SDK's accumulator rebuilds identical arguments.
    const stream = client.chat.completions.stream({ ...params, stream: true });
    const final = await stream.finalChatCompletion();
    const streamedCall = final.choices[0]?.message.tool_calls?.[0];
    expect(streamedCall?.type === "function" && streamedCall.function.arguments).toBe(
      call.function.arguments,
    );
  });

  it("answers in words after the tool result and without a weather question", async () => {
    const res = await client.chat.completions.create({
      model: "gpt-4o-mini",
      tools: [weatherTool],
      messages: [
        { role: "user", content: "What's the weather in Oslo?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            {
              id: "call_1",
              type: "function",
              function: { name: "get_weather", arguments: '{"location":"Oslo"}' },
            },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: '{"temp":3}' },
      ],
    });
    expect(res.choices[0]?.finish_reason).toBe("stop");
    expect(res.choices[0]?.message.content).toBeTruthy();

    const plain = await client.chat.completions.create({ ...base, tools: [weatherTool] });
    expect(plain.choices[0]?.message.tool_calls).toBeUndefined();
  });

  it("calls the function tool_choice forces", async () => {
    const res = await client.chat.completions.create({
      ...base,
      tools: [weatherTool],
      tool_choice: { type: "function", function: { name: "get_weather" } },
    });
    const call = res.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === "function" && call.function.name).toBe("get_weather");
    // OpenAI finishes a call forced by name with "stop".
    expect(res.choices[0]?.finish_reason).toBe("stop");
  });

  it("answers valid JSON in json_object and json_schema modes", async () => {
    const object = await client.chat.completions.create({
      ...base,
      response_format: { type: "json_object" },
    });
    expect(JSON.parse(object.choices[0]?.message.content ?? "")).toHaveProperty("answer");

    const schema = await client.chat.completions.create({
      ...base,
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "person",
          strict: true,
          schema: {
            type: "object",
            properties: {
              name: { type: "string" },
              age: { type: "integer", minimum: 0, maximum: 120 },
              tags: { type: "array", items: { type: "string" } },
            },
            required: ["name", "age", "tags"],
            additionalProperties: false,
          },
        },
      },
    });
    const value = JSON.parse(schema.choices[0]?.message.content ?? "");
    expect(typeof value.name).toBe("string");
    expect(Number.isInteger(value.age)).toBe(true);
    expect(Array.isArray(value.tags)).toBe(true);
  });

  it("accepts user, logit_bias and returns logprobs when asked", async () => {
    const res = await client.chat.completions.create({
      ...base,
      user: "user-123",
      logit_bias: { "1234": -100 },
      logprobs: true,
      top_logprobs: 2,
    });
    const content = res.choices[0]?.logprobs?.content ?? [];
    expect(content.map((entry) => entry.token).join("")).toBe(res.choices[0]?.message.content);
    expect(content[0]?.top_logprobs).toHaveLength(2);
    expect(content.every((entry) => entry.logprob <= 0)).toBe(true);
  });

  it("rejects a request without a model or messages in OpenAI's shape", async () => {
    const noModel = client.chat.completions.create({ ...base, model: "" });
    await expect(noModel).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(noModel).rejects.toMatchObject({
      status: 400,
      error: { message: "you must provide a model parameter", type: "invalid_request_error" },
    });
    await expect(
      client.chat.completions.create({ model: "gpt-4o-mini", messages: [] }),
    ).rejects.toMatchObject({ status: 400, param: "messages", code: "empty_array" });
  });
});
