// End to end against the simulated upstream: an OpenAI request goes out as Anthropic's, and the
// Anthropic answer, whole or streamed, comes back as what an OpenAI client expects.
import { startUpstreamSim, type UpstreamSim } from "@relay/upstream-sim";
import { Stream } from "openai/core/streaming";
import { ChatCompletionStream } from "openai/lib/ChatCompletionStream";
import type { ChatCompletion, ChatCompletionChunk } from "openai/resources/chat/completions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  anthropicHeaders,
  createAnthropicStreamTranslator,
  fromAnthropicError,
  fromAnthropicResponse,
  toAnthropicRequest,
} from "./index.ts";

let sim: UpstreamSim;

beforeAll(async () => {
  sim = await startUpstreamSim();
});
afterAll(() => sim.close());

const UPSTREAM_MODEL = "claude-sonnet-4-5-20250929";
const MODEL = "relay-claude";

const weatherTool = {
  type: "function",
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
    },
  },
};

function send(openai: Record<string, unknown>, headers: Record<string, string> = {}) {
  const request = toAnthropicRequest({ model: MODEL, ...openai }, UPSTREAM_MODEL);
  expect(request.path).toBe("/v1/messages");
  // sim.url is the /v1 base.
  return fetch(`${sim.url}/messages`, {
    method: "POST",
    headers: { ...anthropicHeaders("sk-ant-test"), ...headers },
    body: JSON.stringify(request.body),
  });
}

interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
}

async function complete(openai: Record<string, unknown>) {
  const res = await send(openai);
  expect(res.status).toBe(200);
  const anthropic = (await res.json()) as { usage: AnthropicUsage };
  // The cast stands for the client's SDK, which trusts the wire the same way.
  const completion = fromAnthropicResponse(anthropic, MODEL) as unknown as ChatCompletion;
  return { anthropic, completion };
}

/** Anthropic's SSE, read off the wire: frames may arrive split across network chunks. */
async function* anthropicEvents(res: Response): AsyncGenerator<[string, string]> {
  const reader = res.body?.getReader();
  if (!reader) throw new Error("no body");
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    buffer += decoder.decode(value, { stream: !done });
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: ?(.*)$/m.exec(frame)?.[1] ?? "";
      const data = /^data: ?(.*)$/m.exec(frame)?.[1];
      if (data !== undefined) yield [event, data];
      end = buffer.indexOf("\n\n");
    }
    if (done) return;
  }
}

/** Streams through the translator; returns the OpenAI SSE body a client would receive. */
async function stream(openai: Record<string, unknown>) {
  const res = await send({ ...openai, stream: true });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const translator = createAnthropicStreamTranslator({
    requestedModel: MODEL,
    includeUsage: true,
  });
  const chunks: string[] = [];
  const anthropicNames: string[] = [];
  for await (const [event, data] of anthropicEvents(res)) {
    anthropicNames.push(event);
    chunks.push(...translator.push(event, data));
  }
  chunks.push(...translator.finish());
  const body = `${chunks.map((chunk) => `data: ${chunk}\n\n`).join("")}data: [DONE]\n\n`;
  return { body, translator, anthropicNames };
}

/** The openai SDK's own SSE reader and accumulator, run over what the proxy would send. */
async function asOpenAIClientSees(body: string) {
  const response = new Response(body, { headers: { "content-type": "text/event-stream" } });
  const chunks: ChatCompletionChunk[] = [];
  const sdkStream = Stream.fromSSEResponse<ChatCompletionChunk>(response, new AbortController());
  const [forList, forAccumulator] = sdkStream.tee();
  for await (const chunk of forList) chunks.push(chunk);
  const final = await ChatCompletionStream.fromReadableStream(
    forAccumulator.toReadableStream(),
  ).finalChatCompletion();
  return { chunks, final };
}

const conversation = {
  messages: [
    { role: "system", content: "You are terse." },
    { role: "user", content: "Tell me about rivers." },
  ],
  temperature: 1.4,
  user: "tenant-user-7",
};

describe("OpenAI -> Anthropic -> OpenAI through the simulated upstream", () => {
  it("answers a chat, the usage being the upstream's", async () => {
    const { anthropic, completion } = await complete(conversation);
    const sent = sim.requests.at(-1);
    expect(sent?.path).toBe("/v1/messages");
    expect(sent?.headers["x-api-key"]).toBe("sk-ant-test");
    expect(sent?.body).toMatchObject({
      model: UPSTREAM_MODEL,
      system: "You are terse.",
      max_tokens: 4096,
      temperature: 1,
      metadata: { user_id: "tenant-user-7" },
    });

    expect(completion.object).toBe("chat.completion");
    expect(completion.model).toBe(MODEL);
    expect(completion.id).toMatch(/^chatcmpl-msg_01/);
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(completion.choices[0]?.message.content).toBeTruthy();
    expect(completion.usage).toMatchObject({
      prompt_tokens: anthropic.usage.input_tokens,
      completion_tokens: anthropic.usage.output_tokens,
      total_tokens: anthropic.usage.input_tokens + anthropic.usage.output_tokens,
    });
  });

  it("streams the same answer, ending with a usage chunk and [DONE]", async () => {
    const { anthropic, completion } = await complete(conversation);
    const { body, translator, anthropicNames } = await stream(conversation);
    expect(anthropicNames.slice(0, 3)).toEqual(["message_start", "content_block_start", "ping"]);
    expect(anthropicNames.at(-1)).toBe("message_stop");
    expect(body.endsWith("data: [DONE]\n\n")).toBe(true);

    const { chunks, final } = await asOpenAIClientSees(body);
    expect(chunks.every((chunk) => chunk.object === "chat.completion.chunk")).toBe(true);
    expect(chunks[0]?.choices[0]?.delta.role).toBe("assistant");
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe("stop");
    const usageChunk = chunks.at(-1);
    expect(usageChunk?.choices).toEqual([]);
    expect(usageChunk?.usage).toEqual(completion.usage);
    expect(usageChunk?.usage?.prompt_tokens).toBe(anthropic.usage.input_tokens);
    expect(usageChunk?.usage?.completion_tokens).toBe(anthropic.usage.output_tokens);

    const text = completion.choices[0]?.message.content;
    expect(final.choices[0]?.message.content).toBe(text);
    expect(translator.text()).toBe(text);
    expect(translator.usage()).toEqual({
      promptTokens: anthropic.usage.input_tokens,
      completionTokens: anthropic.usage.output_tokens,
      cachedTokens: 0,
    });
  });

  it("maps max_tokens and stop to finish_reason length and stop", async () => {
    const { completion: full } = await complete(conversation);
    const cut = await complete({ ...conversation, max_completion_tokens: 5 });
    expect(cut.completion.choices[0]?.finish_reason).toBe("length");
    expect(cut.completion.usage?.completion_tokens).toBe(5);

    const text = full.choices[0]?.message.content ?? "";
    const word = ` ${text.split(" ")[2] ?? ""}`;
    const stopped = await complete({ ...conversation, stop: word });
    expect(stopped.completion.choices[0]?.finish_reason).toBe("stop");
    expect(stopped.completion.choices[0]?.message.content).toBe(text.slice(0, text.indexOf(word)));
  });

  it("calls a tool, whole and streamed, and takes the tool's result back", async () => {
    const ask = {
      tools: [weatherTool],
      messages: [{ role: "user", content: "What's the weather in Oslo today?" }],
    };
    const { anthropic, completion } = await complete(ask);
    const choice = completion.choices[0];
    const call = choice?.message.tool_calls?.[0];
    expect(choice?.finish_reason).toBe("tool_calls");
    expect(choice?.message.content).toBeNull();
    if (call?.type !== "function") throw new Error("expected a function call");
    expect(call.id).toMatch(/^toolu_01/);
    expect(call.function.name).toBe("get_weather");
    expect(JSON.parse(call.function.arguments)).toMatchObject({ location: "Oslo" });
    expect(completion.usage?.prompt_tokens).toBe(anthropic.usage.input_tokens);

    const { body } = await stream(ask);
    const { chunks, final } = await asOpenAIClientSees(body);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe("tool_calls");
    expect(chunks.at(-1)?.usage).toEqual(completion.usage);
    expect(final.choices[0]?.message.tool_calls).toEqual([call]);

    // The agent loop's next turn: the sim checks every tool_result answers a tool_use.
    const answered = await complete({
      tools: [weatherTool],
      messages: [
        ...ask.messages,
        choice?.message,
        { role: "tool", tool_call_id: call.id, content: '{"temp":3,"unit":"celsius"}' },
      ],
    });
    expect(answered.completion.choices[0]?.finish_reason).toBe("stop");
    expect(answered.completion.choices[0]?.message.content).toBeTruthy();
  });

  it("maps an upstream failure to the OpenAI error a client retries", async () => {
    const res = await send(conversation, { "x-sim-fault": "529" });
    expect(res.status).toBe(529);
    const error = fromAnthropicError(res.status, await res.json());
    expect(error.status).toBe(503);
    expect(error.toJSON()).toEqual({
      error: {
        message: "Overloaded",
        type: "server_error",
        param: null,
        code: "service_unavailable",
      },
    });
  });
});
