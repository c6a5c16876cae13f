// Errors exactly as OpenAI sends them, so every SDK raises its usual exception type:
// {"error":{"message","type","param","code"}} with the matching HTTP status. Every JSON answer
// goes through sendJson, which adds the seed service's code and msg where they apply.
import type { ServerResponse } from "node:http";
import { optOutOfCodeMsg, withCodeMsg } from "./code-msg.ts";

export type OpenAIErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "rate_limit_error"
  | "insufficient_quota"
  | "server_error";

export class OpenAIError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: OpenAIErrorType = "invalid_request_error",
    readonly code: string | null = null,
    readonly param: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toJSON() {
    return {
      error: { message: this.message, type: this.type, param: this.param, code: this.code },
    };
  }
}

/** An error in another API's shape (an inbound dialect's): the status and body to send instead. */
export type ErrorShape = (
  error: OpenAIError,
  requestId?: string,
) => { status: number; body: unknown; headers?: Record<string, string> };

export function sendError(
  res: ServerResponse,
  error: OpenAIError,
  requestId?: string,
  shape?: ErrorShape,
): void {
  const shaped = shape?.(error, requestId);
  // Another API's error shape: the seed service's fields do not belong in it.
  if (shaped) optOutOfCodeMsg(res.req);
  sendJson(res, shaped?.status ?? error.status, shaped ? shaped.body : error.toJSON(), {
    ...error.headers,
    ...shaped?.headers,
    ...(requestId ? { "x-request-id": requestId } : {}),
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(withCodeMsg(res.req, status, body));
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

export const errors = {
  missingKey: () =>
    new OpenAIError(
      401,
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
    ),
  invalidKey: (key: string) =>
    new OpenAIError(
      401,
      `Incorrect API key provided: ${maskKey(key)}. You can find your API key in the Relay console.`,
      "invalid_request_error",
      "invalid_api_key",
    ),
  keyDisabled: (why: string) =>
    new OpenAIError(401, `This API key is ${why}.`, "invalid_request_error", "invalid_api_key"),
  tenantSuspended: () =>
    new OpenAIError(
      403,
      "Your organization is suspended. Contact the platform operator.",
      "permission_error",
      "account_deactivated",
    ),
  modelNotFound: (model: string) =>
    new OpenAIError(
      404,
      `The model '${model}' does not exist or you do not have access to it.`,
      "invalid_request_error",
      "model_not_found",
      "model",
    ),
  unknownRoute: (method: string, path: string) =>
    new OpenAIError(404, `Invalid URL (${method} ${path})`, "invalid_request_error"),
  missingParam: (param: string) =>
    new OpenAIError(
      400,
      `Missing required parameter: '${param}'.`,
      "invalid_request_error",
      "missing_required_parameter",
      param,
    ),
  invalidParam: (param: string, message: string) =>
    new OpenAIError(400, message, "invalid_request_error", "invalid_value", param),
  modelNotAllowed: (model: string) =>
    new OpenAIError(
      403,
      `This API key is not allowed to use the model '${model}'.`,
      "permission_error",
      "model_not_allowed",
      "model",
    ),
  ipNotAllowed: (ip: string) =>
    new OpenAIError(
      403,
      `This API key cannot be used from ${ip}.`,
      "permission_error",
      "ip_not_allowed",
    ),
  insufficientQuota: (why: "balance" | "budget") =>
    new OpenAIError(
      429,
      why === "budget"
        ? "This API key has reached its spending budget. Raise the key's budget in the Relay console."
        : "You exceeded your current quota, please top up your balance in the Relay console.",
      "insufficient_quota",
      "insufficient_quota",
    ),
  upstreamUnavailable: () =>
    new OpenAIError(
      502,
      "No upstream could serve this request right now. Please retry.",
      "server_error",
      "upstream_unavailable",
    ),
  /** A data store (Postgres, Redis) is unreachable: nothing was forwarded or charged. */
  serviceUnavailable: () =>
    new OpenAIError(
      503,
      "The service is temporarily unavailable. Please retry shortly.",
      "server_error",
      "service_unavailable",
    ),
  internal: () =>
    new OpenAIError(500, "The server had an error while processing your request.", "server_error"),
};

/** "sk-relay-AbCd…wxyz": enough to recognise a key in an error, never enough to use it. */
export function maskKey(key: string): string {
  if (key.length <= 12) return "****";
  return `${key.slice(0, 13)}****${key.slice(-4)}`;
}
