// An inbound API other than OpenAI's chat completions (Anthropic's Messages, OpenAI's Responses):
// served as it is by the channels whose upstream speaks it, sent as a chat completion to the
// others, and answered in its own shape either way, errors included.
import type { IncomingHttpHeaders } from "node:http";
import type { ProviderType } from "@relay/db";
import type { AnswerContext, AnswerOutcome } from "../call/answer.ts";
import type { Forwarded } from "../channels/forward.ts";
import type { ErrorShape } from "../http/openai-error.ts";

export interface Dialect {
  /** Whether a channel of this provider serves the endpoint natively. */
  native(provider: ProviderType): boolean;
  /**
   * The request as a chat completion, for every other channel (stream_options included when it
   * streams). Throws an OpenAIError for what a chat completion cannot express.
   */
  toChat(body: Record<string, unknown>): Record<string, unknown>;
  /**
   * Relays the answer to the client in this dialect and reports what the call used; `forwarded`
   * says whether the channel answered natively or as a chat completion (`viaChat`).
   */
  relay(ctx: AnswerContext, forwarded: Forwarded): Promise<AnswerOutcome>;
  /** Client headers a native upstream must see too (Anthropic's anthropic-beta). */
  passHeaders?: readonly string[];
  /** A header that carries the key besides `Authorization: Bearer` (Anthropic's x-api-key). */
  keyHeader?: string;
  /**
   * How this dialect's clients expect errors, refusals before the call included; none: OpenAI's
   * (and its answers carry the seed service's code and msg like any other OpenAI answer).
   */
  errorShape?: ErrorShape;
}

/** The client's headers among `names`, for a native upstream; undefined when none was sent. */
export function passedHeaders(
  headers: IncomingHttpHeaders,
  names: readonly string[] | undefined,
): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const name of names ?? []) {
    const value = headers[name];
    if (typeof value === "string") out[name] = value;
    else if (Array.isArray(value)) out[name] = value.join(",");
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
