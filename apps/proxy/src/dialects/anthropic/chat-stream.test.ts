import { describe, expect, it } from "vitest";
import { createChatToMessagesStream } from "./chat-stream.ts";

function events(frames: string[]): { event: string; data: Record<string, unknown> }[] {
  return frames.map((frame) => {
    const [eventLine = "", dataLine = ""] = frame.trim().split("\n");
    return { event: eventLine.slice(7), data: JSON.parse(dataLine.slice(6)) };
  });
}

const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  JSON.stringify({ id: "chatcmpl-abc", choices: [{ index: 0, delta, finish_reason: finish }] });

describe("chat chunks -> Anthropic events", () => {
  it("text, then a tool call: two blocks, usage and stop reason at the end", () => {
    const stream = createChatToMessagesStream({ requestedModel: "m", promptTokens: 7 });
    const frames = [
      ...stream.push(chunk({ role: "assistant", content: "" })),
      ...stream.push(chunk({ content: "Let me look." })),
      ...stream.push(
        chunk({
          tool_calls: [
            { index: 0, id: "call_1", type: "function", function: { name: "look", arguments: "" } },
          ],
        }),
      ),
      ...stream.push(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"a":' } }] })),
      ...stream.push(chunk({ tool_calls: [{ index: 0, function: { arguments: "1}" } }] })),
      ...stream.push(chunk({}, "tool_calls")),
      ...stream.push(
        JSON.stringify({
          id: "chatcmpl-abc",
          choices: [],
          usage: {
            prompt_tokens: 9,
            completion_tokens: 5,
            prompt_tokens_details: { cached_tokens: 4 },
          },
        }),
      ),
      ...stream.finish(),
    ];
    const seen = events(frames);
    expect(seen.map((e) => e.event)).toEqual([
      "message_start",
      "content_block_start",
      "content_block_delta",
      "content_block_stop",
      "content_block_start",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(seen[0]?.data).toMatchObject({
      message: { id: "msg_abc", model: "m", usage: { input_tokens: 7, output_tokens: 0 } },
    });
    expect(seen[4]?.data).toEqual({
      type: "content_block_start",
      index: 1,
      content_block: { type: "tool_use", id: "call_1", name: "look", input: {} },
    });
    expect(seen[6]?.data).toMatchObject({
      index: 1,
      delta: { type: "input_json_delta", partial_json: "1}" },
    });
    expect(seen[8]?.data).toEqual({
      type: "message_delta",
      delta: { stop_reason: "tool_use", stop_sequence: null },
      usage: {
        input_tokens: 5,
        output_tokens: 5,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 4,
      },
    });
    expect(stream.text()).toBe('Let me look.look{"a":1}');
  });

  it("an error chunk mid-stream is Anthropic's error event, and the stream says nothing after", () => {
    const stream = createChatToMessagesStream({ requestedModel: "m", promptTokens: 1 });
    stream.push(chunk({ content: "Hi" }));
    const frames = stream.push(JSON.stringify({ error: { message: "boom" } }));
    expect(events(frames)).toEqual([
      { event: "error", data: { type: "error", error: { type: "api_error", message: "boom" } } },
    ]);
    expect(stream.finish()).toEqual([]);
  });
});
