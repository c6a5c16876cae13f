// What an object route gets: the call, the caller's key, path parameters and the query.
import type { KeyRecord } from "../auth/key-cache.ts";
import type { CallContext } from "../call/pipeline.ts";
import type { Gateway } from "../gateway.ts";
import { OpenAIError } from "../http/openai-error.ts";

export interface ObjectCall {
  gateway: Gateway;
  call: CallContext;
  key: KeyRecord;
  params: Record<string, string>;
  query: URLSearchParams;
}

export type ObjectHandler = (ctx: ObjectCall) => Promise<void>;

/** OpenAI's 404 for a file id that is not the caller's (or not anyone's: the same answer). */
export function noSuchFile(id: string, param = "id"): OpenAIError {
  return new OpenAIError(404, `No such File object: ${id}`, "invalid_request_error", null, param);
}

/** OpenAI's 404 for a fine-tuning job id that is not the caller's. */
export function noSuchJob(id: string): OpenAIError {
  return new OpenAIError(
    404,
    `Could not find fine-tune: ${id}`,
    "invalid_request_error",
    "fine_tune_not_found",
    "fine_tune_id",
  );
}

/** A list parameter `limit` within OpenAI's range, or its default. */
export function limitParam(query: URLSearchParams, fallback: number, max: number): number {
  const raw = query.get("limit");
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new OpenAIError(
      400,
      `Invalid 'limit': expected an integer between 1 and ${max}, but got ${raw} instead.`,
      "invalid_request_error",
      "invalid_value",
      "limit",
    );
  }
  return value;
}
