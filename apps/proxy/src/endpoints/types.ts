import type { CatalogModel, ImageRate } from "../catalog/catalog.ts";

/** What a call may use at most, known before it is forwarded: the basis of its hold. */
export interface Estimate {
  promptTokens: number;
  maxCompletionTokens: number;
  /** Image calls: how many images, at what rate. */
  images?: { count: number; rate: ImageRate };
}

/** What a call used, from the upstream's own answer. */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  images: number;
}

/** A metered JSON endpoint: its path, validation, estimate and usage reading. */
export interface MeteredEndpoint {
  /** Below /v1, e.g. "/chat/completions". */
  path: string;
  /** The upstream endpoint, when it differs (a retired API served by a newer one). */
  upstreamPath?: string;
  /** Rewrites the client's body for upstreamPath. */
  toUpstream?(body: Record<string, unknown>): Record<string, unknown>;
  /** Rewrites the upstream's (non-stream) answer into this endpoint's shape. */
  fromUpstream?(answer: unknown): unknown;
  /** Accepts `stream: true`. */
  streams: boolean;
  /** Whether the upstream accepts stream_options (OpenAI's chat and completions do). */
  streamUsage: boolean;
  /** Throws an OpenAIError for a body the upstream would reject; fills defaults. */
  validate(body: Record<string, unknown>): void;
  estimate(body: Record<string, unknown>, model: CatalogModel): Estimate;
  usage(answer: unknown, estimate: Estimate): Usage;
}

export function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function tokenUsage(answer: unknown): Omit<Usage, "images"> {
  const usage = record(record(answer).usage);
  const details = record(usage.prompt_tokens_details);
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
  return {
    promptTokens: num(usage.prompt_tokens),
    completionTokens: num(usage.completion_tokens),
    cachedTokens: num(details.cached_tokens),
  };
}

/** The completion budget of a call: what it asked for, never more than the model allows. */
export function completionBudget(
  requested: unknown,
  model: CatalogModel,
  promptTokens: number,
): number {
  const room = Math.max(0, model.contextWindow - promptTokens);
  const limit = Math.min(model.maxOutputTokens || room, room || model.maxOutputTokens);
  if (typeof requested === "number" && Number.isInteger(requested) && requested > 0) {
    return Math.min(requested, limit);
  }
  return limit;
}
