// A whole Anthropic message as the event sequence a stream of it would have been, for an upstream
// that answered a stream request with one JSON body: the client asked for events and gets them.
import { record } from "../../endpoints/types.ts";
import { frame } from "./chat-stream.ts";

function blockEvents(block: Record<string, unknown>, index: number): string[] {
  const start =
    block.type === "tool_use"
      ? { type: "tool_use", id: block.id, name: block.name, input: {} }
      : block.type === "text"
        ? { type: "text", text: "" }
        : block;
  const delta =
    block.type === "tool_use"
      ? { type: "input_json_delta", partial_json: JSON.stringify(block.input ?? {}) }
      : block.type === "text"
        ? { type: "text_delta", text: block.text }
        : undefined;
  return [
    frame("content_block_start", { type: "content_block_start", index, content_block: start }),
    ...(delta ? [frame("content_block_delta", { type: "content_block_delta", index, delta })] : []),
    frame("content_block_stop", { type: "content_block_stop", index }),
  ];
}

export function messageEvents(message: Record<string, unknown>): string[] {
  const content = Array.isArray(message.content) ? message.content : [];
  const usage = record(message.usage);
  return [
    frame("message_start", {
      type: "message_start",
      message: {
        ...message,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...usage, output_tokens: 0 },
      },
    }),
    ...content.flatMap((block, index) => blockEvents(record(block), index)),
    frame("message_delta", {
      type: "message_delta",
      delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence ?? null },
      usage,
    }),
    frame("message_stop", { type: "message_stop" }),
  ];
}
