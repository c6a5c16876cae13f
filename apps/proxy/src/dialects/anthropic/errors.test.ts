import { describe, expect, it } from "vitest";
import { errors, OpenAIError } from "../../http/openai-error.ts";
import { anthropicErrorShape } from "./errors.ts";

describe("Anthropic's error shape", () => {
  it.each([
    [errors.missingKey(), 401, "authentication_error"],
    [errors.insufficientQuota("balance"), 402, "billing_error"],
    [errors.modelNotAllowed("m"), 403, "permission_error"],
    [errors.modelNotFound("m"), 404, "not_found_error"],
    [new OpenAIError(413, "too big"), 413, "request_too_large"],
    [new OpenAIError(429, "slow down", "rate_limit_error"), 429, "rate_limit_error"],
    [errors.internal(), 500, "api_error"],
    [errors.upstreamUnavailable(), 502, "api_error"],
    [errors.serviceUnavailable(), 503, "overloaded_error"],
    [new OpenAIError(504, "late", "server_error"), 504, "timeout_error"],
    [errors.missingParam("model"), 400, "invalid_request_error"],
  ])("%s -> %i %s", (error, status, type) => {
    expect(anthropicErrorShape(error, "req_1")).toEqual({
      status,
      body: { type: "error", error: { type, message: error.message }, request_id: "req_1" },
      headers: { "request-id": "req_1" },
    });
  });
});
