// The two ways a Messages stream reaches its client: an Anthropic channel's events relayed byte
// for byte (read on the way for usage and the text generated), or a chat channel's chunks
// translated into Anthropic's event sequence. Both report what was delivered and whether the
// stream ended whole (message_stop sent), so a cut stream is charged for what it carried.
import type { ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import {
  type ChatStreamOptions,
  createChatToMessagesStream,
} from "../../dialects/anthropic/chat-stream.ts";
import type { MessageUsage } from "../../dialects/anthropic/from-chat.ts";
import { createAnthropicStreamTranslator } from "../../providers/anthropic/stream.ts";
import { sseBlocks } from "../../streaming/sse-events.ts";
import { type StreamOutcome, writeWithBackpressure } from "../../streaming/sse-relay.ts";

async function send(res: ServerResponse, frames: readonly string[]): Promise<void> {
  for (const frame of frames) {
    const waiting = writeWithBackpressure(res, frame);
    if (waiting) await waiting;
  }
}

function fields(block: string): { event: string; data: string } {
  let event = "message";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) event = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
  }
  return { event, data: data.join("\n").trim() };
}

export async function relayNativeStream(
  upstream: Readable,
  res: ServerResponse,
  requestedModel: string,
): Promise<StreamOutcome> {
  // Only read: its chunks are not sent, its usage and text are what the call used.
  const reader = createAnthropicStreamTranslator({ requestedModel, includeUsage: false });
  const outcome: StreamOutcome = { text: "", completed: false };
  try {
    for await (const block of sseBlocks(upstream)) {
      outcome.firstChunkAt ??= performance.now();
      await send(res, [block]);
      const { event, data } = fields(block);
      try {
        if (data) reader.push(event, data);
      } catch {
        // An unreadable event is relayed all the same; the charge falls back to our count.
      }
      if (event === "message_stop") outcome.completed = !res.destroyed;
      if (res.destroyed) {
        upstream.destroy();
        break;
      }
    }
  } catch {
    // The upstream broke off or the client left.
  }
  outcome.usage = reader.usage();
  outcome.text = reader.text();
  return outcome;
}

export interface ChatStreamOutcome extends StreamOutcome {
  /** The upstream's usage in the message's terms, when it reported one. */
  messageUsage?: MessageUsage;
}

export async function relayChatStream(
  upstream: Readable,
  res: ServerResponse,
  options: ChatStreamOptions & { fallback: (text: string) => MessageUsage },
): Promise<ChatStreamOutcome> {
  const translator = createChatToMessagesStream(options);
  const outcome: ChatStreamOutcome = { text: "", completed: false };
  try {
    for await (const block of sseBlocks(upstream)) {
      outcome.firstChunkAt ??= performance.now();
      const { data } = fields(block);
      if (data === "[DONE]") {
        await send(res, translator.finish(options.fallback(translator.text())));
        outcome.completed = !res.destroyed;
        break;
      }
      if (data) await send(res, translator.push(data));
      if (res.destroyed) {
        upstream.destroy();
        break;
      }
    }
  } catch {
    // The upstream broke off or the client left.
  }
  outcome.text = translator.text();
  outcome.messageUsage = translator.usage();
  const usage = outcome.messageUsage;
  if (usage) {
    outcome.usage = {
      promptTokens: usage.input_tokens + usage.cache_read_input_tokens,
      completionTokens: usage.output_tokens,
      cachedTokens: usage.cache_read_input_tokens,
    };
  }
  return outcome;
}
