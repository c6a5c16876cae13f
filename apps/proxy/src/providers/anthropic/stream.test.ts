import { describe, expect, it } from "vitest";
import { createAnthropicStreamTranslator } from "./stream.ts";

// A recorded Anthropic stream (the tool-use example of Anthropic's streaming docs): some text,
// then a tool_use block whose input arrives in fragments, opened by an empty one.
const RECORDED = `event: message_start
data: {"type":"message_start","message":{"id":"msg_014p7gG3wDgGV9EUtLvnow3U","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","stop_sequence":null,"usage":{"input_tokens":472,"cache_creation_input_tokens":0,"cache_read_input_tokens":100,"output_tokens":2},"content":[],"stop_reason":null}}

event: content_block_start
data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

event: ping
data: {"type": "ping"}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Okay"}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":", let's check the weather for San Francisco, CA:"}}

event: content_block_stop
data: {"type":"content_block_stop","index":0}

event: content_block_start
data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"location\\":"}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":" \\"San Francisc"}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"o, CA\\"}"}}

event: content_block_stop
data: {"type":"content_block_stop","index":1}

event: message_delta
data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}

event: message_stop
data: {"type":"message_stop"}

`;

/** The (event, data) pairs of an SSE text, as the proxy's reader hands them over. */
function events(sse: string): [string, string][] {
  return sse
    .split("\n\n")
    .filter((frame) => frame.trim() !== "")
    .map((frame) => [
      /^event: (.*)$/m.exec(frame)?.[1] ?? "",
      /^data: (.*)$/m.exec(frame)?.[1] ?? "",
    ]);
}

const ID = "chatcmpl-msg_014p7gG3wDgGV9EUtLvnow3U";
const CREATED = 1_750_000_000;

function chunk(delta: Record<string, unknown>, finishReason: string | null = null) {
  return {
    id: ID,
    object: "chat.completion.chunk",
    created: CREATED,
    model: "relay-claude",
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  };
}

const EXPECTED = [
  chunk({ role: "assistant", content: "", refusal: null }),
  chunk({ content: "Okay" }),
  chunk({ content: ", let's check the weather for San Francisco, CA:" }),
  chunk({
    tool_calls: [
      {
        index: 0,
        id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
        type: "function",
        function: { name: "get_weather", arguments: "" },
      },
    ],
  }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: '{"location":' } }] }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: ' "San Francisc' } }] }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: 'o, CA"}' } }] }),
  chunk({}, "tool_calls"),
];

function translate(includeUsage: boolean, sse = RECORDED) {
  const translator = createAnthropicStreamTranslator({
    requestedModel: "relay-claude",
    includeUsage,
    created: CREATED,
  });
  const out = events(sse).flatMap(([event, data]) => translator.push(event, data));
  return { translator, out, end: translator.finish() };
}

describe("createAnthropicStreamTranslator", () => {
  it("turns a recorded text + tool_use stream into OpenAI's exact chunks", () => {
    const { translator, out, end } = translate(false);
    expect(out.map((text) => JSON.parse(text))).toEqual(EXPECTED);
    expect(out[1]).toBe(
      `{"id":"${ID}","object":"chat.completion.chunk","created":${CREATED},"model":"relay-claude","choices":[{"index":0,"delta":{"content":"Okay"},"logprobs":null,"finish_reason":null}]}`,
    );
    expect(end).toEqual([]);
    expect(translator.usage()).toEqual({
      promptTokens: 572,
      completionTokens: 89,
      cachedTokens: 100,
    });
    expect(translator.text()).toBe(
      'Okay, let\'s check the weather for San Francisco, CA:get_weather{"location": "San Francisco, CA"}',
    );
  });

  it("with include_usage, adds usage: null to every chunk and one usage chunk last", () => {
    const { out, end } = translate(true);
    const chunks = out.map((text) => JSON.parse(text));
    expect(chunks.slice(0, -1)).toEqual(EXPECTED.map((c) => ({ ...c, usage: null })));
    expect(chunks.at(-1)).toEqual({
      id: ID,
      object: "chat.completion.chunk",
      created: CREATED,
      model: "relay-claude",
      choices: [],
      usage: {
        prompt_tokens: 572,
        completion_tokens: 89,
        total_tokens: 661,
        prompt_tokens_details: { cached_tokens: 100, audio_tokens: 0 },
        completion_tokens_details: {
          reasoning_tokens: 0,
          audio_tokens: 0,
          accepted_prediction_tokens: 0,
          rejected_prediction_tokens: 0,
        },
      },
    });
    expect(end).toEqual([]);
  });

  it("numbers parallel tool calls 0, 1, ... whatever their content block index", () => {
    const sse = `event: message_start
data: {"type":"message_start","message":{"id":"msg_2","usage":{"input_tokens":5,"output_tokens":1}}}

event: content_block_start
data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_a","name":"a","input":{}}}

event: content_block_start
data: {"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_b","name":"b","input":{}}}

event: content_block_delta
data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{}"}}

`;
    const { out } = translate(false, sse);
    const calls = out.map((text) => JSON.parse(text).choices[0].delta.tool_calls?.[0]);
    expect(calls.map((call) => call?.index)).toEqual([undefined, 0, 1, 1]);
    expect(calls[3]).toEqual({ index: 1, function: { arguments: "{}" } });
  });

  it("closes a stream that ended without message_stop", () => {
    const cut = RECORDED.slice(0, RECORDED.indexOf("event: content_block_stop"));
    const { translator, out, end } = translate(true, cut);
    expect(out).toHaveLength(3);
    expect(end.map((text) => JSON.parse(text))).toEqual([
      { ...chunk({}, "stop"), usage: null },
      expect.objectContaining({
        choices: [],
        usage: expect.objectContaining({ prompt_tokens: 572 }),
      }),
    ]);
    expect(translator.finish()).toEqual([]);
    // What the proxy charges a client that left here: the text so far.
    expect(translator.text()).toBe("Okay, let's check the weather for San Francisco, CA:");
  });

  it("passes an error event on as OpenAI's in-stream error and ends there", () => {
    const translator = createAnthropicStreamTranslator({
      requestedModel: "relay-claude",
      includeUsage: false,
      id: "chatcmpl-fixed",
      created: CREATED,
    });
    const [start] = events(RECORDED);
    expect(translator.push(...(start ?? ["", ""]))).toHaveLength(1);
    const error = translator.push(
      "error",
      '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
    );
    expect(error.map((text) => JSON.parse(text))).toEqual([
      {
        error: {
          message: "Overloaded",
          type: "server_error",
          param: null,
          code: "service_unavailable",
        },
      },
    ]);
    expect(translator.push("message_stop", '{"type":"message_stop"}')).toEqual([]);
    expect(translator.finish()).toEqual([]);
  });

  it("has no usage before message_start", () => {
    const translator = createAnthropicStreamTranslator({
      requestedModel: "m",
      includeUsage: false,
    });
    expect(translator.usage()).toBeUndefined();
    expect(translator.text()).toBe("");
  });
});
