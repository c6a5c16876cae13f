// An inbound API other than OpenAI's chat completions (Anthropic's Messages, OpenAI's Responses):
// served as it is by the channels whose upstream speaks it, sent as a chat completion to the
// others, and answered in its own shape either way, errors included.
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
  /** A header that carries the key besides `Authorization: Bearer` (Anthropic's x-api-key). */
  keyHeader?: string;
  /** How this dialect's clients expect errors, refusals before the call included. */
  errorShape: ErrorShape;
}
