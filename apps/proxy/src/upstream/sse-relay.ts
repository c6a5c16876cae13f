// Relays an OpenAI-format event stream to the client event by event, reading each chunk on the
// way: the usage the upstream reports (we always ask for it), and the text generated so far (to
// charge a client that disconnects mid-stream). The usage-only chunk is dropped for clients that
// did not ask for it; every other byte passes through unchanged.
import type { ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import { sseBlocks } from "./sse-events.ts";

export interface StreamUsage {
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
}

export interface StreamOutcome {
  usage?: StreamUsage;
  /** Everything generated: message deltas, legacy completion text, tool-call arguments. */
  text: string;
  /** The upstream finished with [DONE] and the client received it. */
  completed: boolean;
  firstChunkAt?: number;
}

interface Chunk {
  choices?: {
    delta?: { content?: string | null; tool_calls?: { function?: { arguments?: string } }[] };
    text?: string;
  }[];
  usage?: {
    prompt_tokens?: number;
    completion_tokens?: number;
    prompt_tokens_details?: { cached_tokens?: number } | null;
  } | null;
}

export function usageOf(json: Chunk["usage"]): StreamUsage | undefined {
  if (!json || typeof json.prompt_tokens !== "number") return undefined;
  return {
    promptTokens: json.prompt_tokens,
    completionTokens: json.completion_tokens ?? 0,
    cachedTokens: json.prompt_tokens_details?.cached_tokens ?? 0,
  };
}

/** Writes, and when the socket is full returns a promise for the drain (or the close). */
export function writeWithBackpressure(
  res: ServerResponse,
  data: string,
): Promise<void> | undefined {
  // A response the client already closed never drains: writing to it would wait forever.
  if (res.destroyed || res.writableEnded) return Promise.resolve();
  if (res.write(data)) return undefined;
  if (res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

export async function relayOpenAIStream(
  upstream: Readable,
  res: ServerResponse,
  options: { hideUsageChunk: boolean },
): Promise<StreamOutcome> {
  const outcome: StreamOutcome = { text: "", completed: false };
  try {
    for await (const event of sseBlocks(upstream)) {
      outcome.firstChunkAt ??= performance.now();
      const out = transform(event, outcome, options.hideUsageChunk);
      if (out) {
        const waiting = writeWithBackpressure(res, out);
        if (waiting) await waiting;
      }
      if (res.destroyed) {
        // The client left: stop reading, which aborts the upstream.
        upstream.destroy();
        return outcome;
      }
    }
  } catch {
    // The upstream broke off or the client left: report what was generated.
  }
  return outcome;
}

/** The event to send on (possibly trimmed), or null to drop it. */
function transform(event: string, outcome: StreamOutcome, hideUsageChunk: boolean): string | null {
  const data = event.startsWith("data: ") ? event.slice(6).trimEnd() : undefined;
  if (data === undefined) return event;
  if (data === "[DONE]") {
    outcome.completed = true;
    return event;
  }
  let chunk: Chunk;
  try {
    chunk = JSON.parse(data) as Chunk;
  } catch {
    return event;
  }
  const usage = usageOf(chunk.usage);
  if (usage) outcome.usage = usage;
  for (const choice of chunk.choices ?? []) {
    if (choice.delta?.content) outcome.text += choice.delta.content;
    if (choice.text) outcome.text += choice.text;
    for (const call of choice.delta?.tool_calls ?? []) {
      if (call.function?.arguments) outcome.text += call.function.arguments;
    }
  }
  if (!hideUsageChunk) return event;
  if (usage && chunk.choices?.length === 0) return null;
  // With usage requested, the upstream adds "usage":null to every chunk; a client that did not
  // ask gets the chunks as they would have been.
  return event.replace(',"usage":null', "");
}
