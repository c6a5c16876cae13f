import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startUpstreamSim, type UpstreamSim } from "../server.ts";
import { countChatPromptTokens, countTokens, countToolDefinitionTokens } from "../tokens.ts";

let sim: UpstreamSim;

beforeAll(async () => {
  sim = await startUpstreamSim();
});
afterEach(() => sim.faults.clear());
afterAll(() => sim.close());

const HEADERS = {
  "x-api-key": "sk-ant-test",
  "anthropic-version": "2023-06-01",
  "content-type": "application/json",
};

const base = {
  model: "claude-sonnet-4-5",
  max_tokens: 1024,
  system: "You are terse.",
  messages: [{ role: "user", content: "Tell me about rivers." }],
};

const weatherTool = {
  name: "get_weather",
  description: "Current weather for a place",
  input_schema: {
    type: "object",
    properties: {
      location: { type: "string" },
      unit: { type: "string", enum: ["celsius", "fahrenheit"] },
    },
    required: ["location", "unit"],
  },
};

interface Message {
  id: string;
  type: string;
  role: string;
  model: string;
  content: Record<string, unknown>[];
  stop_reason: string;
  stop_sequence: string | null;
  usage: { input_tokens: number; output_tokens: number };
}

function post(body: unknown, headers: Record<string, string> = HEADERS): Promise<Response> {
  return fetch(`${sim.url}/messages`, { method: "POST", headers, body: JSON.stringify(body) });
}

async function create(body: Record<string, unknown>): Promise<Message> {
  const res = await post(body);
  expect(res.status).toBe(200);
  return (await res.json()) as Message;
}

function textOf(message: Message): string {
  return message.content.map((block) => (block.type === "text" ? String(block.text) : "")).join("");
}

interface Event {
  event: string;
  data: Record<string, unknown>;
}

/** Splits an SSE body into its `event:` / `data:` pairs. */
function parseEvents(body: string): Event[] {
  return body
    .split("\n\n")
    .filter((frame) => frame.trim() !== "")
    .map((frame) => {
      const event = /^event: (.*)$/m.exec(frame)?.[1] ?? "";
      const data = /^data: (.*)$/m.exec(frame)?.[1] ?? "null";
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}

async function streamed(body: Record<string, unknown>): Promise<{ raw: string; events: Event[] }> {
  const res = await post({ ...body, stream: true });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const raw = await res.text();
  return { raw, events: parseEvents(raw) };
}

describe("POST /v1/messages", () => {
  it("answers deterministically in Anthropic's shape, usage counted by the tokenizer", async () => {
    const first = await create(base);
    const second = await create(base);
    const text = textOf(first);

    expect(first).toMatchObject({
      type: "message",
      role: "assistant",
      model: "claude-sonnet-4-5",
      stop_reason: "end_turn",
      stop_sequence: null,
    });
    expect(first.id).toMatch(/^msg_01[A-Za-z0-9]{22}$/);
    expect(second.id).not.toBe(first.id);
    expect(first.content).toEqual([{ type: "text", text }]);
    expect(textOf(second)).toBe(text);
    expect(first.usage).toEqual({
      input_tokens: countChatPromptTokens([
        { role: "system", content: "You are terse." },
        { role: "user", content: [{ type: "text", text: "Tell me about rivers." }] },
      ]),
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: countTokens(text),
      service_tier: "standard",
    });
  });

  it("requires x-api-key and anthropic-version, answering in Anthropic's error shape", async () => {
    const { "x-api-key": _, ...withoutKey } = HEADERS;
    const bearer = await post(base, { ...withoutKey, authorization: "Bearer sk-ant-test" });
    expect(bearer.status).toBe(401);
    expect(bearer.headers.get("request-id")).toMatch(/^req_/);
    expect(await bearer.json()).toEqual({
      type: "error",
      error: { type: "authentication_error", message: "x-api-key header is required" },
      request_id: bearer.headers.get("request-id"),
    });

    const { "anthropic-version": __, ...withoutVersion } = HEADERS;
    const unversioned = await post(base, withoutVersion);
    expect(unversioned.status).toBe(400);
    expect(await unversioned.json()).toMatchObject({
      type: "error",
      error: { type: "invalid_request_error", message: "anthropic-version: header is required" },
    });

    const keyed = await startUpstreamSim({ apiKey: "sk-ant-right" });
    try {
      const url = `${keyed.url}/messages`;
      const wrong = await fetch(url, {
        method: "POST",
        headers: HEADERS,
        body: JSON.stringify(base),
      });
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toMatchObject({
        error: { type: "authentication_error", message: "invalid x-api-key" },
      });
      const right = await fetch(url, {
        method: "POST",
        headers: { ...HEADERS, "x-api-key": "sk-ant-right" },
        body: JSON.stringify(base),
      });
      expect(right.status).toBe(200);
    } finally {
      await keyed.close();
    }
  });

  it("records the request for tests to inspect", async () => {
    await create(base);
    const last = sim.requests.at(-1);
    expect(last?.path).toBe("/v1/messages");
    expect(last?.headers["x-api-key"]).toBe("sk-ant-test");
    expect(last?.body).toEqual(base);
  });

  it.each([
    [{ ...base, max_tokens: undefined }, "max_tokens: Field required"],
    [{ ...base, model: undefined }, "model: Field required"],
    [{ ...base, messages: [] }, "messages: at least one message is required"],
    [{ ...base, temperature: 1.5 }, "temperature: Input should be less than or equal to 1"],
    [
      { ...base, messages: [{ role: "system", content: "hi" }] },
      "messages.0.role: Input should be 'user' or 'assistant'",
    ],
    [
      {
        ...base,
        messages: [
          {
            role: "user",
            content: [
              { type: "image", source: { type: "base64", media_type: "image/bmp", data: "AA" } },
            ],
          },
        ],
      },
      "messages.0.content.0.source.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'",
    ],
    [
      {
        ...base,
        messages: [
          { role: "user", content: "Weather?" },
          {
            role: "user",
            content: [{ type: "tool_result", tool_use_id: "toolu_x", content: "3C" }],
          },
        ],
      },
      "messages.0.content.1: unexpected `tool_use_id` found in `tool_result` blocks: toolu_x. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.",
    ],
    [
      {
        ...base,
        messages: [
          { role: "user", content: "Weather?" },
          {
            role: "assistant",
            content: [{ type: "tool_use", id: "toolu_y", name: "w", input: {} }],
          },
          { role: "user", content: "Well?" },
        ],
      },
      "messages.2: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_y. Each `tool_use` block must have a corresponding `tool_result` block in the next message.",
    ],
  ])("rejects an invalid request with a 400 (%#)", async (body, message) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      type: "error",
      error: { type: "invalid_request_error", message },
    });
  });

  it("answers malformed JSON with a 400 in Anthropic's shape", async () => {
    const res = await fetch(`${sim.url}/messages`, {
      method: "POST",
      headers: HEADERS,
      body: '{"model": "claude",',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      type: "error",
      error: { type: "invalid_request_error" },
    });
  });

  it("stops at max_tokens with stop_reason max_tokens", async () => {
    const full = textOf(await create(base));
    const cut = await create({ ...base, max_tokens: 5 });
    expect(cut.stop_reason).toBe("max_tokens");
    expect(cut.usage.output_tokens).toBe(5);
    expect(countTokens(textOf(cut))).toBe(5);
    expect(full.startsWith(textOf(cut))).toBe(true);
  });

  it("stops before a stop sequence and names it", async () => {
    const full = textOf(await create(base));
    const word = ` ${full.split(" ")[3] ?? ""}`;
    const cut = await create({ ...base, stop_sequences: ["never-there", word] });
    expect(cut.stop_reason).toBe("stop_sequence");
    expect(cut.stop_sequence).toBe(word);
    expect(textOf(cut)).toBe(full.slice(0, full.indexOf(word)));
    expect(cut.usage.output_tokens).toBe(countTokens(textOf(cut)));
  });

  it("calls a tool when asked about the weather, and answers in words after its result", async () => {
    const question = { role: "user", content: "What's the weather in Oslo today?" };
    const call = await create({ ...base, tools: [weatherTool], messages: [question] });
    const block = call.content[0];
    expect(call.stop_reason).toBe("tool_use");
    expect(call.content).toHaveLength(1);
    expect(block).toMatchObject({ type: "tool_use", name: "get_weather" });
    expect(String(block?.id)).toMatch(/^toolu_01[A-Za-z0-9]{22}$/);
    const input = block?.input as { location: string; unit: string };
    expect(input.location).toBe("Oslo");
    expect(["celsius", "fahrenheit"]).toContain(input.unit);
    expect(call.usage.input_tokens).toBe(
      countChatPromptTokens([
        { role: "system", content: "You are terse." },
        { role: "user", content: [{ type: "text", text: question.content }] },
      ]) + countToolDefinitionTokens([weatherTool]),
    );
    expect(call.usage.output_tokens).toBe(
      countTokens("get_weather") + countTokens(JSON.stringify(input)),
    );

    const answered = await create({
      ...base,
      tools: [weatherTool],
      messages: [
        question,
        { role: "assistant", content: call.content },
        {
          role: "user",
          content: [{ type: "tool_result", tool_use_id: String(block?.id), content: '{"temp":3}' }],
        },
      ],
    });
    expect(answered.stop_reason).toBe("end_turn");
    expect(answered.content[0]?.type).toBe("text");

    const forced = await create({
      ...base,
      tools: [weatherTool],
      tool_choice: { type: "tool", name: "get_weather" },
    });
    expect(forced.stop_reason).toBe("tool_use");
    const plain = await create({ ...base, tools: [weatherTool] });
    expect(plain.stop_reason).toBe("end_turn");
  });

  it("streams Anthropic's exact event sequence with the non-stream text and usage", async () => {
    const whole = await create(base);
    const { raw, events } = await streamed(base);
    const names = events.map((e) => e.event);

    expect(names.slice(0, 3)).toEqual(["message_start", "content_block_start", "ping"]);
    expect(names.slice(-3)).toEqual(["content_block_stop", "message_delta", "message_stop"]);
    expect(new Set(names.slice(3, -3))).toEqual(new Set(["content_block_delta"]));
    expect(events.every((e) => e.data.type === e.event)).toBe(true);
    expect(raw.includes("[DONE]")).toBe(false);
    expect(raw.startsWith("event: message_start\ndata: {")).toBe(true);

    expect(events[0]?.data.message).toMatchObject({
      type: "message",
      role: "assistant",
      model: base.model,
      content: [],
      stop_reason: null,
      usage: { input_tokens: whole.usage.input_tokens, output_tokens: 1 },
    });
    expect(events[1]?.data).toEqual({
      type: "content_block_start",
      index: 0,
      content_block: { type: "text", text: "" },
    });
    const text = events
      .filter((e) => e.event === "content_block_delta")
      .map((e) => (e.data.delta as { type: string; text: string }).text)
      .join("");
    expect(text).toBe(textOf(whole));
    expect(events.at(-2)?.data).toEqual({
      type: "message_delta",
      delta: { stop_reason: "end_turn", stop_sequence: null },
      usage: { output_tokens: whole.usage.output_tokens },
    });
  });

  it("streams a tool_use block as input_json_delta fragments", async () => {
    const body = {
      ...base,
      tools: [weatherTool],
      messages: [{ role: "user", content: "Weather in Lima, please: what is the weather?" }],
    };
    const whole = await create(body);
    const { events } = await streamed(body);
    const start = events.find((e) => e.event === "content_block_start");
    expect(start?.data.content_block).toEqual({ ...whole.content[0], input: {} });
    const fragments = events
      .filter((e) => e.event === "content_block_delta")
      .map((e) => e.data.delta as { type: string; partial_json: string });
    expect(fragments[0]).toEqual({ type: "input_json_delta", partial_json: "" });
    expect(fragments.every((f) => f.type === "input_json_delta")).toBe(true);
    expect(JSON.parse(fragments.map((f) => f.partial_json).join(""))).toEqual(
      whole.content[0]?.input,
    );
    expect(events.at(-2)?.data).toMatchObject({ delta: { stop_reason: "tool_use" } });
  });
});

describe("faults on /v1/messages", () => {
  it("answers a switched-on 529 as overloaded_error, then recovers", async () => {
    sim.faults.set({ status: 529, times: 1 });
    const failed = await post(base);
    expect(failed.status).toBe(529);
    expect(await failed.json()).toMatchObject({
      type: "error",
      error: { type: "overloaded_error", message: "Overloaded" },
    });
    expect((await post(base)).status).toBe(200);
  });

  it("answers x-sim-fault: 429 as rate_limit_error with retry-after", async () => {
    const res = await post(base, { ...HEADERS, "x-sim-fault": "429" });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(await res.json()).toMatchObject({ error: { type: "rate_limit_error" } });
  });

  it("cuts a stream after k events on x-sim-fault: reset:k", async () => {
    const res = await post({ ...base, stream: true }, { ...HEADERS, "x-sim-fault": "reset:2" });
    expect(res.status).toBe(200);
    const reader = res.body?.getReader();
    const decoder = new TextDecoder();
    let received = "";
    let failure: unknown;
    try {
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) break;
        received += decoder.decode(chunk.value);
      }
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(Error);
    expect(parseEvents(received).map((e) => e.event)).toEqual([
      "message_start",
      "content_block_start",
    ]);
  });

  it("delays the first byte on x-sim-fault: slow", async () => {
    const started = Date.now();
    const res = await post(base, { ...HEADERS, "x-sim-fault": "slow:200" });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });
});
