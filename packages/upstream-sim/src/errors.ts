/**
 * An answer in OpenAI's error shape. Routes throw it; the server writes
 * `{"error":{"message","type","param","code"}}` with `status`, so SDKs raise their usual classes.
 */
export class SimError extends Error {
  readonly status: number;
  readonly type: string;
  readonly param: string | null;
  readonly code: string | null;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    message: string,
    options: {
      type?: string;
      param?: string | null;
      code?: string | null;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.name = "SimError";
    this.status = status;
    this.type = options.type ?? "invalid_request_error";
    this.param = options.param ?? null;
    this.code = options.code ?? null;
    this.headers = options.headers ?? {};
  }
}

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export function errorBody(error: SimError): OpenAIErrorBody {
  return {
    error: { message: error.message, type: error.type, param: error.param, code: error.code },
  };
}

// The messages below are OpenAI's own wording, so clients that match on them keep working.

export function invalidUrl(method: string, path: string): SimError {
  return new SimError(404, `Invalid URL (${method} ${path})`);
}

export function malformedJson(): SimError {
  return new SimError(
    400,
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
  );
}

export function missingApiKey(): SimError {
  return new SimError(
    401,
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
  );
}

export function incorrectApiKey(key: string): SimError {
  const shown = key.length > 8 ? `${key.slice(0, 3)}*****${key.slice(-4)}` : "*****";
  return new SimError(401, `Incorrect API key provided: ${shown}.`, { code: "invalid_api_key" });
}

export function modelNotFound(model: string): SimError {
  return new SimError(
    404,
    `The model \`${model}\` does not exist or you do not have access to it.`,
    { param: "model", code: "model_not_found" },
  );
}

export function payloadTooLarge(limitBytes: number): SimError {
  return new SimError(413, `Request body is larger than ${limitBytes} bytes.`);
}

/** The error a switched-on fault answers with: OpenAI's text and type for each status. */
export function faultError(status: number, retryAfterSeconds: number): SimError {
  switch (status) {
    case 429:
      return new SimError(429, "Rate limit reached for requests. Please try again in 1s.", {
        type: "requests",
        code: "rate_limit_exceeded",
        headers: {
          "retry-after": String(retryAfterSeconds),
          "retry-after-ms": String(retryAfterSeconds * 1000),
          "x-ratelimit-remaining-requests": "0",
        },
      });
    case 500:
      return new SimError(
        500,
        "The server had an error while processing your request. Sorry about that!",
        { type: "server_error" },
      );
    case 502:
      return new SimError(502, "Bad gateway.", { type: "server_error", code: "bad_gateway" });
    case 503:
      return new SimError(503, "The server is overloaded or not ready yet.", {
        type: "server_error",
        code: "service_unavailable",
      });
    case 504:
      return new SimError(504, "Gateway timeout.", { type: "server_error", code: "timeout" });
    default:
      return new SimError(status, `Simulated upstream failure (HTTP ${status}).`, {
        type: status >= 500 ? "server_error" : "invalid_request_error",
      });
  }
}
