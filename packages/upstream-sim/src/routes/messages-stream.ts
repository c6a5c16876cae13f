// The streamed answer in Anthropic's dialect: named events, one token piece per delta, no [DONE].
import type { ServerResponse } from "node:http";
import { type StreamPlan, sendFrames } from "../sse.ts";
import { encodeText, tokenPieces } from "../tokens.ts";
import type { CacheUsage } from "./messages-cache.ts";
import { type ReplyPlan, usageOf } from "./messages-reply.ts";

interface SseEvent {
  event: string;
  data: unknown;
}

/** Anthropic's event sequence; text and tool input arrive one token piece per delta. */
export function streamEvents(
  message: { id: string; model: string; inputTokens: number; cache: CacheUsage },
  plan: ReplyPlan,
): SseEvent[] {
  const events: SseEvent[] = [
    {
      event: "message_start",
      data: {
        type: "message_start",
        message: {
          id: message.id,
          type: "message",
          role: "assistant",
          model: message.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: usageOf(message.inputTokens, 1, message.cache),
        },
      },
    },
  ];
  const ping = { event: "ping", data: { type: "ping" } };
  for (const [index, block] of plan.blocks.entries()) {
    const start =
      block.type === "text"
        ? { type: "text", text: "" }
        : { type: "tool_use", id: block.id, name: block.name, input: {} };
    events.push({
      event: "content_block_start",
      data: { type: "content_block_start", index, content_block: start },
    });
    if (index === 0) events.push(ping);
    const pieces = tokenPieces(encodeText(block.type === "text" ? block.text : block.json)).map(
      (piece) => piece.text,
    );
    const deltas =
      block.type === "text"
        ? pieces.map((text) => ({ type: "text_delta", text }))
        : ["", ...pieces].map((partial) => ({ type: "input_json_delta", partial_json: partial }));
    for (const delta of deltas) {
      events.push({
        event: "content_block_delta",
        data: { type: "content_block_delta", index, delta },
      });
    }
    events.push({ event: "content_block_stop", data: { type: "content_block_stop", index } });
  }
  if (plan.blocks.length === 0) events.push(ping);
  events.push(
    {
      event: "message_delta",
      data: {
        type: "message_delta",
        delta: { stop_reason: plan.stopReason, stop_sequence: plan.stopSequence },
        usage: { output_tokens: plan.outputTokens },
      },
    },
    { event: "message_stop", data: { type: "message_stop" } },
  );
  return events;
}

/** `event: <name>\ndata: <json>\n\n` per event; the stream simply ends after message_stop. */
export function sendEvents(
  res: ServerResponse,
  headers: Record<string, string>,
  events: readonly SseEvent[],
  plan: StreamPlan,
): Promise<void> {
  const frames = events.map(
    ({ event, data }) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`,
  );
  return sendFrames(res, headers, frames, "", plan);
}
