import type { KeyRecord } from "../auth/key-cache.ts";
import type { CatalogModel, ChannelRoute, ImageRate } from "../catalog/catalog.ts";
import type { Gateway } from "../gateway.ts";
import { OpenAIError } from "../http/openai-error.ts";
import {
  type CountBudget,
  countsExactly,
  EXACT_PROMPT_CHARS,
  type PromptCount,
  promptBudget,
} from "../tokenize/index.ts";
import type { Dialect } from "./dialect.ts";
import type { UploadFacts, UploadSpec } from "./upload.ts";

/** What a call may use at most, known before it is forwarded: the basis of its hold. */
export interface Estimate {
  promptTokens: number;
  maxCompletionTokens: number;
  /** Image calls: how many images, at what rate. */
  images?: { count: number; rate: ImageRate };
  /** Transcriptions: the audio's length, whole seconds rounded up. */
  audioSeconds?: number;
  /** Speech: the input's characters. */
  characters?: number;
}

/** What a call used, from the upstream's own answer. */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  images: number;
  audioSeconds?: number;
  characters?: number;
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
  /** Another API's dialect: native on some channels, a chat completion on the others. */
  dialect?: Dialect;
  /** Whose default model a call naming none gets; without one such a call is a 400. */
  defaultModel?: "chat" | "completions" | "embeddings" | "images" | "audio";
  /** Accepts `stream: true`. */
  streams: boolean;
  /** Whether the upstream accepts stream_options (OpenAI's chat and completions do). */
  streamUsage: boolean;
  /** Throws an OpenAIError for a body the upstream would reject; fills defaults. */
  validate(body: Record<string, unknown>): void;
  /** Takes multipart/form-data rather than JSON: its file fields, limits and inspection. */
  upload?: UploadSpec;
  /**
   * An answer that is not a JSON body to read usage from: "binary" (speech) streams through and
   * is charged as estimated; "text" (transcripts) is relayed as sent and given to usage() parsed
   * when it is JSON, as its text otherwise.
   */
  answerKind?: "binary" | "text";
  /** Throws an OpenAIError for a call that cannot fit the model (context_length_exceeded). */
  estimate(body: Record<string, unknown>, model: CatalogModel, upload?: UploadFacts): Estimate;
  /** The usage the answer reports; undefined when it reports none we can read. */
  usage(answer: unknown, estimate: Estimate): Usage | undefined;
  /**
   * For calls that refer to stored state (a conversation so far): run once the key and model
   * are checked, before the estimate; returns the endpoint that serves the rest of this call.
   */
  forCall?(body: Record<string, unknown>, scope: CallScope): Promise<MeteredEndpoint>;
  /** Narrows the channels that may serve the call (the one holding what it refers to). */
  routes?(routes: ChannelRoute[]): ChannelRoute[];
}

/** Who makes a call, for endpoints that keep state of their own. */
export interface CallScope {
  key: KeyRecord;
  gateway: Gateway;
  requestId: string;
}

export function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function count(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/**
 * The token usage an answer reports, or undefined when it has none: a missing or malformed
 * `usage` is not "nothing used" (the upstream bills us all the same).
 */
export function tokenUsage(
  answer: unknown,
  options: { completion: boolean } = { completion: true },
): Omit<Usage, "images"> | undefined {
  const usage = record(record(answer).usage);
  const promptTokens = count(usage.prompt_tokens);
  const completionTokens = options.completion ? count(usage.completion_tokens) : 0;
  if (promptTokens === undefined || completionTokens === undefined) return undefined;
  const details = record(usage.prompt_tokens_details);
  return { promptTokens, completionTokens, cachedTokens: count(details.cached_tokens) ?? 0 };
}

/**
 * `usage` with its image count, copied field by field: on Node 20 a spread followed by more
 * properties (`{ ...usage, images }`) takes V8's slow path, about half a microsecond a call.
 */
export function withImages(usage: Omit<Usage, "images">, images: number): Usage {
  const out: Usage = {
    promptTokens: usage.promptTokens,
    completionTokens: usage.completionTokens,
    cachedTokens: usage.cachedTokens,
    images,
  };
  if (usage.audioSeconds !== undefined) out.audioSeconds = usage.audioSeconds;
  if (usage.characters !== undefined) out.characters = usage.characters;
  return out;
}

/** How OpenAI names a JSON value's type in its refusals. */
function typeName(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a decimal";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return "a string";
  if (typeof value === "boolean") return "a boolean";
  return "an object";
}

/** OpenAI's 400 for a parameter of the wrong type. */
export function invalidType(param: string, expected: string, value: unknown): OpenAIError {
  return new OpenAIError(
    400,
    `Invalid type for '${param}': expected ${expected}, but got ${typeName(value)} instead.`,
    "invalid_request_error",
    "invalid_type",
    param,
  );
}

/** An integer parameter in OpenAI's range, as OpenAI words its refusals; null is "not given". */
export function integerParam(
  body: Record<string, unknown>,
  param: string,
  range: { min: number; max?: number },
): number | undefined {
  const value = body[param];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw invalidType(param, "an integer", value);
  }
  if (value < range.min) {
    throw new OpenAIError(
      400,
      `Invalid '${param}': integer below minimum value. Expected a value >= ${range.min}, but got ${value} instead.`,
      "invalid_request_error",
      "integer_below_min_value",
      param,
    );
  }
  if (range.max !== undefined && value > range.max) {
    throw new OpenAIError(
      400,
      `Invalid '${param}': integer above maximum value. Expected a value <= ${range.max}, but got ${value} instead.`,
      "invalid_request_error",
      "integer_above_max_value",
      param,
    );
  }
  return value;
}

/**
 * The completion cap a call asked for, over all the parameters that can carry one, or undefined
 * for none: an upstream generates up to the context window then. Any of them set to null counts
 * as none, since an upstream that reads only that one would not cap the call.
 */
export function requestedCap(
  body: Record<string, unknown>,
  params: readonly string[],
  min: number,
): number | undefined {
  let cap: number | undefined;
  let uncapped = false;
  for (const param of params) {
    if (body[param] === null) uncapped = true;
    const value = integerParam(body, param, { min });
    if (value !== undefined) cap = Math.max(cap ?? 0, value);
  }
  return uncapped ? undefined : cap;
}

/**
 * The most one generation can produce after a prompt of `promptAtLeast` tokens: the model's
 * output limit, and the room left in its context window. A limit the catalog does not know (0)
 * does not bound.
 */
export function completionLimit(model: CatalogModel, promptAtLeast: number): number {
  const room = model.contextWindow - promptAtLeast;
  const limits = [model.maxOutputTokens, room].filter((limit) => limit > 0);
  return limits.length > 0
    ? Math.min(...limits)
    : Math.max(model.maxOutputTokens, model.contextWindow);
}

/**
 * OpenAI refuses a completion cap above the model's output limit; so does the proxy. Clamping it in
 * the hold alone would let an upstream whose real limit is higher generate more than was held.
 */
export function refuseCapAboveLimit(
  body: Record<string, unknown>,
  params: readonly string[],
  model: CatalogModel,
): void {
  const limit = model.maxOutputTokens;
  if (limit <= 0) return;
  for (const param of params) {
    const value = body[param];
    if (typeof value === "number" && value > limit) {
      throw new OpenAIError(
        400,
        `${param} is too large: ${value}. This model supports at most ${limit} completion tokens, whereas you provided ${value}.`,
        "invalid_request_error",
        "invalid_value",
        param,
      );
    }
  }
}

/** The completion budget of one generation: what it asked for, never more than the model allows. */
export function completionBudget(
  requested: number | undefined,
  model: CatalogModel,
  promptAtLeast: number,
): number {
  const limit = completionLimit(model, promptAtLeast);
  return requested === undefined ? limit : Math.min(requested, limit);
}

/**
 * How many characters a second, closer count may take when the first count's byte bound leaves
 * open whether a huge prompt fits the window: about four times the first's cost, paid only by
 * prompts past EXACT_PROMPT_CHARS that are near or over the window.
 */
export const WINDOW_CHECK_CHARS = 4 * EXACT_PROMPT_CHARS;

/**
 * Counts a call's prompts (one per generation batch) and refuses, as OpenAI does, a call whose
 * prompt plus requested completion cannot fit the model's context window. Only a count the
 * upstream's cannot be below refuses, and only for models whose tokenizer we have; a count the
 * byte bound leaves undecided is redone more closely before anything is refused.
 */
export function fitPrompts(
  counter: (budget: CountBudget) => PromptCount[],
  model: CatalogModel,
  requested: number | undefined,
  param: "messages" | "prompt",
): PromptCount[] {
  const window = model.contextWindow;
  let budget = promptBudget();
  let prompts = counter(budget);
  if (window <= 0 || !countsExactly(model.id)) return prompts;
  const asked = requested ?? 0;
  const over = (counts: PromptCount[]) => counts.find((p) => p.atLeast + asked > window);
  const undecided = prompts.some((p) => p.tokens + asked > window);
  if (!over(prompts) && undecided && budget.bounded) {
    budget = promptBudget(WINDOW_CHECK_CHARS);
    prompts = counter(budget);
  }
  const refused = over(prompts);
  if (refused) throw contextLengthExceeded(window, refused.atLeast, requested, param);
  return prompts;
}

function contextLengthExceeded(
  window: number,
  prompt: number,
  requested: number | undefined,
  param: "messages" | "prompt",
): OpenAIError {
  const total = prompt + (requested ?? 0);
  const message =
    param === "prompt"
      ? `This model's maximum context length is ${window} tokens, however you requested ${total} tokens (${prompt} in your prompt; ${requested ?? 0} for the completion). Please reduce your prompt; or completion length.`
      : requested === undefined
        ? `This model's maximum context length is ${window} tokens. However, your messages resulted in ${prompt} tokens. Please reduce the length of the messages.`
        : `This model's maximum context length is ${window} tokens. However, you requested ${total} tokens (${prompt} in the messages, ${requested} in the completion). Please reduce the length of the messages or completion.`;
  return new OpenAIError(400, message, "invalid_request_error", "context_length_exceeded", param);
}
