import type { ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";

export interface StreamPlan {
  /** Pause between events (token pacing); 0 writes them back to back. */
  intervalMs: number;
  /** Destroy the socket once this many events are written (a connection reset mid-stream). */
  resetAfterEvents?: number;
  /** Close the stream after the last event without its closing frame (`[DONE]`). */
  omitLast?: boolean;
  /** Fires when the client goes away; writing stops. */
  signal: AbortSignal;
}

/** Interleaves per-choice event lists the way OpenAI streams `n > 1`: one from each in turn. */
export function roundRobin<T>(lists: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  const longest = Math.max(0, ...lists.map((list) => list.length));
  for (let i = 0; i < longest; i += 1) {
    for (const list of lists) {
      const item = list[i];
      if (item !== undefined) out.push(item);
    }
  }
  return out;
}

function write(res: ServerResponse, text: string, signal: AbortSignal): Promise<void> {
  // Waiting for the write to reach the socket means a reset that follows cannot swallow it;
  // a client that leaves also ends the wait.
  return new Promise((resolve) => {
    const done = (): void => {
      signal.removeEventListener("abort", done);
      resolve();
    };
    signal.addEventListener("abort", done, { once: true });
    res.write(text, done);
  });
}

/**
 * Writes Server-Sent Events exactly as OpenAI frames them: `data: {json}\n\n` per event and
 * `data: [DONE]\n\n` last. Resolves when done, reset, or abandoned by the client.
 */
export function sendEventStream(
  res: ServerResponse,
  headers: Record<string, string>,
  events: readonly unknown[],
  plan: StreamPlan,
): Promise<void> {
  const frames = events.map((event) => `data: ${JSON.stringify(event)}\n\n`);
  return sendFrames(res, headers, frames, "data: [DONE]\n\n", plan);
}

/** Events named by their `type` (`event: <type>` then the data), with no closing frame. */
export function sendNamedEvents(
  res: ServerResponse,
  headers: Record<string, string>,
  events: readonly unknown[],
  plan: StreamPlan,
): Promise<void> {
  const frames = events.map((event) => {
    const type = (event as { type?: unknown }).type;
    return `event: ${String(type)}\ndata: ${JSON.stringify(event)}\n\n`;
  });
  return sendFrames(res, headers, frames, "", plan);
}

/**
 * Writes already framed events, paced and possibly reset as the plan says, then `last` (any
 * closing frame) unless the stream was reset or abandoned or the plan omits it. Shared by the OpenAI and Anthropic
 * stream shapes.
 */
export async function sendFrames(
  res: ServerResponse,
  headers: Record<string, string>,
  frames: readonly string[],
  last: string,
  plan: StreamPlan,
): Promise<void> {
  res.writeHead(200, {
    ...headers,
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  res.flushHeaders();
  let written = 0;
  for (const frame of frames) {
    if (plan.signal.aborted) return;
    if (plan.resetAfterEvents !== undefined && written >= plan.resetAfterEvents) break;
    if (written > 0 && plan.intervalMs > 0) {
      try {
        await sleep(plan.intervalMs, undefined, { signal: plan.signal });
      } catch {
        return;
      }
    }
    await write(res, frame, plan.signal);
    written += 1;
  }
  if (plan.resetAfterEvents !== undefined) {
    res.socket?.destroy();
    return;
  }
  if (plan.signal.aborted) return;
  res.end(plan.omitLast ? undefined : last);
}
