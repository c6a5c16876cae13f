// Anthropic's error shapes: each failure carries one of its error types, and the body is
// `{"type":"error","error":{...},"request_id":...}` rather than OpenAI's.
import { SimError } from "../errors.ts";

// Anthropic's messages are pydantic's: "<dotted.path>: <what is wrong>".
export function invalid(message: string): SimError {
  return new SimError(400, message, { type: "invalid_request_error" });
}

export function required(path: string): SimError {
  return invalid(`${path}: Field required`);
}

export function shouldBe(path: string, what: string): SimError {
  return invalid(`${path}: Input should be ${what}`);
}

/** The error a switched-on fault answers with, in Anthropic's types for each status. */
export function faultError(status: number, retryAfterSeconds: number): SimError {
  switch (status) {
    case 429:
      return new SimError(
        429,
        "This request would exceed the rate limit for your organization. Please try again later.",
        {
          type: "rate_limit_error",
          headers: {
            "retry-after": String(retryAfterSeconds),
            "anthropic-ratelimit-requests-remaining": "0",
          },
        },
      );
    case 503:
    case 529:
      return new SimError(status, "Overloaded", { type: "overloaded_error" });
    case 401:
      return new SimError(401, "invalid x-api-key", { type: "authentication_error" });
    case 403:
      return new SimError(
        403,
        "Your API key does not have permission to use the specified resource.",
        {
          type: "permission_error",
        },
      );
    case 404:
      return new SimError(404, "The requested resource could not be found.", {
        type: "not_found_error",
      });
    case 413:
      return new SimError(413, "Request exceeds the maximum allowed number of bytes.", {
        type: "request_too_large",
      });
    default:
      return status >= 500
        ? new SimError(status, "Internal server error", { type: "api_error" })
        : invalid(`Simulated upstream failure (HTTP ${status}).`);
  }
}

export function errorBody(error: SimError, requestId: string) {
  return {
    type: "error",
    error: { type: error.type, message: error.message },
    request_id: requestId,
  };
}
