// Relays a Responses API event stream from a channel that speaks it, event by event and byte for
// byte, reading on the way the text generated (what a client that leaves is charged for) and the
// final response with its usage. The final event is written only once `onFinal` has recorded the
// response, so a client that saw it complete can retrieve it.
import type { Readable } from "node:stream";
import { FINAL_EVENTS } from "../../dialects/responses/events.ts";
import { sseBlocks } from "../../streaming/sse-events.ts";
import { type EventSink, writeWithBackpressure } from "../../streaming/sse-relay.ts";
import { record, type Usage } from "../types.ts";
import { responseUsage } from "./usage.ts";

export interface ResponseStreamOutcome {
  usage?: Usage;
  text: string;
  /** The stream reached its final event and the client was sent it. */
  completed: boolean;
}

export async function relayResponseEvents(
  upstream: Readable,
  res: EventSink,
  onFinal: (response: Record<string, unknown>, usage: Usage | undefined) => Promise<void>,
): Promise<ResponseStreamOutcome> {
  const outcome: ResponseStreamOutcome = { text: "", completed: false };
  try {
    for await (const block of sseBlocks(upstream)) {
      const event = parseEvent(block);
      const type = event?.type;
      if (
        type === "response.output_text.delta" ||
        type === "response.function_call_arguments.delta"
      ) {
        if (typeof event?.delta === "string") outcome.text += event.delta;
      }
      const final = typeof type === "string" && FINAL_EVENTS.has(type);
      if (final) {
        const response = record(event?.response);
        outcome.usage = responseUsage(response);
        await onFinal(response, outcome.usage);
      }
      const waiting = writeWithBackpressure(res, block);
      if (waiting) await waiting;
      if (res.destroyed) {
        upstream.destroy();
        return outcome;
      }
      if (final) outcome.completed = true;
    }
  } catch {
    // The upstream broke off or the client left: what was generated is charged.
  }
  return outcome;
}

function parseEvent(block: string): Record<string, unknown> | undefined {
  const data = block
    .split("\n")
    .filter((line) => line.startsWith("data:"))
    .map((line) => line.slice(5).trim())
    .join("");
  if (!data) return undefined;
  try {
    return record(JSON.parse(data));
  } catch {
    return undefined;
  }
}
