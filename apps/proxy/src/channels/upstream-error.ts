// An upstream's error answer read as an OpenAIError, whatever its wire format, for endpoints that
// answer in another shape and so cannot relay the upstream's bytes.
import { record } from "../endpoints/types.ts";
import { OpenAIError, type OpenAIErrorType } from "../http/openai-error.ts";
import type { Provider } from "../providers/types.ts";

const TYPES: readonly OpenAIErrorType[] = [
  "invalid_request_error",
  "not_found_error",
  "rate_limit_error",
  "server_error",
];

export function upstreamError(provider: Provider, status: number, text: string): OpenAIError {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return provider.error(status, json) ?? openAIError(status, json);
}

/**
 * An OpenAI-format error. The channel's own credentials and permissions are the operator's
 * problem: a client told 401 would think its Relay key was wrong, so those become 502s.
 */
function openAIError(status: number, json: unknown): OpenAIError {
  const error = record(record(json).error);
  const message =
    typeof error.message === "string" && error.message !== ""
      ? error.message
      : `The upstream provider answered HTTP ${status}.`;
  const code = typeof error.code === "string" ? error.code : null;
  const param = typeof error.param === "string" ? error.param : null;
  if (status === 401 || status === 403) {
    return new OpenAIError(502, message, "server_error", "upstream_authentication_error");
  }
  const named = TYPES.find((type) => type === error.type);
  const type = named ?? (status >= 500 ? "server_error" : "invalid_request_error");
  return new OpenAIError(status, message, status === 429 ? "rate_limit_error" : type, code, param);
}
