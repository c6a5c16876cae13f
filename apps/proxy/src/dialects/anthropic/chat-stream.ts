// OpenAI chat.completion.chunk events -> Anthropic's event sequence, one chunk at a time:
// message_start, per content block content_block_start / _delta / _stop (text_delta for text,
// input_json_delta for a tool call's arguments), then message_delta with the stop reason and
// usage, and message_stop. Chat reports usage after the finish reason, so the message closes
// only at [DONE]; message_start carries our count of the prompt, message_delta the upstream's.
import { record } from "../../endpoints/types.ts";
import { type MessageUsage, messageId, stopReason, usageFromChat } from "./from-chat.ts";

export interface ChatStreamOptions {
  requestedModel: string;
  /** Our count of the prompt, for message_start (the upstream's comes at the end). */
  promptTokens: number;
}

export interface ChatToMessagesStream {
  /** One chunk's data (JSON text) -> the Anthropic events to send, framed. */
  push(data: string): string[];
  /** [DONE]: the closing events; `fallback` is the usage to report if the upstream sent none. */
  finish(fallback?: MessageUsage): string[];
  /** The upstream's usage, once its usage chunk came. */
  usage(): MessageUsage | undefined;
  /** Everything generated: text, tool names and arguments. */
  text(): string;
}

export function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

type Open = { kind: "text"; index: number } | { kind: "tool"; index: number; call: number };

export function createChatToMessagesStream(options: ChatStreamOptions): ChatToMessagesStream {
  let started = false;
  let closed = false;
  let open: Open | undefined;
  let blocks = 0;
  let finishReason: unknown;
  let usage: MessageUsage | undefined;
  let generated = "";
  // Chat numbers tool calls; Anthropic numbers content blocks (text and tools together).
  const toolBlocks = new Map<number, number>();

  const start = (id: unknown): string[] => {
    if (started) return [];
    started = true;
    return [
      frame("message_start", {
        type: "message_start",
        message: {
          id: messageId(id),
          type: "message",
          role: "assistant",
          model: options.requestedModel,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: {
            input_tokens: options.promptTokens,
            output_tokens: 0,
            cache_creation_input_tokens: 0,
            cache_read_input_tokens: 0,
          },
        },
      }),
    ];
  };

  const closeBlock = (): string[] => {
    if (!open) return [];
    const { index } = open;
    open = undefined;
    return [frame("content_block_stop", { type: "content_block_stop", index })];
  };

  const textDelta = (text: string): string[] => {
    const out: string[] = [];
    if (open?.kind !== "text") {
      out.push(...closeBlock());
      open = { kind: "text", index: blocks++ };
      out.push(
        frame("content_block_start", {
          type: "content_block_start",
          index: open.index,
          content_block: { type: "text", text: "" },
        }),
      );
    }
    generated += text;
    out.push(
      frame("content_block_delta", {
        type: "content_block_delta",
        index: open.index,
        delta: { type: "text_delta", text },
      }),
    );
    return out;
  };

  const toolDelta = (item: unknown): string[] => {
    const call = record(item);
    const fn = record(call.function);
    const position = typeof call.index === "number" ? call.index : 0;
    const out: string[] = [];
    let index = toolBlocks.get(position);
    if (index === undefined) {
      out.push(...closeBlock());
      index = blocks++;
      toolBlocks.set(position, index);
      open = { kind: "tool", index, call: position };
      const name = typeof fn.name === "string" ? fn.name : "";
      generated += name;
      out.push(
        frame("content_block_start", {
          type: "content_block_start",
          index,
          content_block: {
            type: "tool_use",
            id: typeof call.id === "string" ? call.id : `toolu_${index}`,
            name,
            input: {},
          },
        }),
      );
    }
    if (typeof fn.arguments === "string" && fn.arguments !== "") {
      generated += fn.arguments;
      out.push(
        frame("content_block_delta", {
          type: "content_block_delta",
          index,
          delta: { type: "input_json_delta", partial_json: fn.arguments },
        }),
      );
    }
    return out;
  };

  function push(data: string): string[] {
    if (closed) return [];
    let chunk: Record<string, unknown>;
    try {
      chunk = record(JSON.parse(data));
    } catch {
      return [];
    }
    if (chunk.error !== undefined) {
      // A failure mid-stream: Anthropic's error event, and nothing after it.
      closed = true;
      const error = record(chunk.error);
      const message = typeof error.message === "string" ? error.message : "Upstream error.";
      return [frame("error", { type: "error", error: { type: "api_error", message } })];
    }
    const out = start(chunk.id);
    if (chunk.usage !== undefined && chunk.usage !== null) usage = usageFromChat(chunk.usage);
    const [first] = Array.isArray(chunk.choices) ? chunk.choices : [];
    const choice = record(first);
    const delta = record(choice.delta);
    if (typeof delta.content === "string" && delta.content !== "") {
      out.push(...textDelta(delta.content));
    }
    if (Array.isArray(delta.tool_calls)) {
      for (const call of delta.tool_calls) out.push(...toolDelta(call));
    }
    if (choice.finish_reason !== undefined && choice.finish_reason !== null) {
      finishReason = choice.finish_reason;
    }
    return out;
  }

  function finish(fallback?: MessageUsage): string[] {
    if (closed) return [];
    closed = true;
    const final = usage ?? fallback ?? usageFromChat(undefined);
    return [
      ...start(undefined),
      ...closeBlock(),
      frame("message_delta", {
        type: "message_delta",
        delta: { stop_reason: stopReason(finishReason, toolBlocks.size > 0), stop_sequence: null },
        usage: final,
      }),
      frame("message_stop", { type: "message_stop" }),
    ];
  }

  return { push, finish, usage: () => usage, text: () => generated };
}
