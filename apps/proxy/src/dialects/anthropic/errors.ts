// Errors as Anthropic sends them, so its SDKs raise their usual exception types:
// {"type":"error","error":{"type","message"},"request_id"} with Anthropic's status for each type.
import type { ErrorShape, OpenAIError } from "../../http/openai-error.ts";

type AnthropicErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "billing_error"
  | "permission_error"
  | "not_found_error"
  | "request_too_large"
  | "rate_limit_error"
  | "api_error"
  | "timeout_error"
  | "overloaded_error";

function typeOf(error: OpenAIError): { status: number; type: AnthropicErrorType } {
  // An empty balance or budget is not a rate limit: Anthropic's billing error is not retried.
  if (error.type === "insufficient_quota") return { status: 402, type: "billing_error" };
  switch (error.status) {
    case 401:
      return { status: 401, type: "authentication_error" };
    case 402:
      return { status: 402, type: "billing_error" };
    case 403:
      return { status: 403, type: "permission_error" };
    case 404:
      return { status: 404, type: "not_found_error" };
    case 413:
      return { status: 413, type: "request_too_large" };
    case 429:
      return { status: 429, type: "rate_limit_error" };
    case 503:
    case 529:
      return { status: error.status, type: "overloaded_error" };
    case 504:
      return { status: 504, type: "timeout_error" };
    default:
      return error.status >= 500
        ? { status: error.status, type: "api_error" }
        : { status: error.status, type: "invalid_request_error" };
  }
}

export const anthropicErrorShape: ErrorShape = (error, requestId) => {
  const { status, type } = typeOf(error);
  return {
    status,
    body: {
      type: "error",
      error: { type, message: error.message },
      ...(requestId ? { request_id: requestId } : {}),
    },
    // Anthropic's SDKs read the request id from here.
    headers: requestId ? { "request-id": requestId } : undefined,
  };
};
