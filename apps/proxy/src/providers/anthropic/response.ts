// Anthropic Messages answer -> OpenAI chat.completion, and Anthropic error -> OpenAI error.
import { OpenAIError, type OpenAIErrorType } from "../../http/openai-error.ts";
import { isList, isRecord } from "./json.ts";
import { readAnthropicUsage, toOpenAIUsage } from "./usage.ts";

export type FinishReason = "stop" | "length" | "tool_calls" | "content_filter";

export function finishReason(stopReason: unknown): FinishReason {
  switch (stopReason) {
    case "max_tokens":
      return "length";
    case "tool_use":
      return "tool_calls";
    case "refusal":
      return "content_filter";
    default:
      // end_turn, stop_sequence, pause_turn: the model stopped on its own.
      return "stop";
  }
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** A tool call as OpenAI sends it: arguments are a JSON string. */
export function toolCall(id: string, name: string, input: unknown) {
  return { id, type: "function", function: { name, arguments: JSON.stringify(input ?? {}) } };
}

function badUpstream(what: string): OpenAIError {
  return new OpenAIError(
    502,
    `The upstream provider sent ${what}.`,
    "server_error",
    "bad_upstream_response",
  );
}

export function fromAnthropicResponse(
  json: unknown,
  requestedModel: string,
): Record<string, unknown> {
  if (!isRecord(json) || json.type !== "message" || !isList(json.content)) {
    throw badUpstream("an answer that is not a message");
  }
  const texts: string[] = [];
  const toolCalls: ReturnType<typeof toolCall>[] = [];
  for (const block of json.content) {
    if (!isRecord(block)) continue;
    if (block.type === "text" && typeof block.text === "string") texts.push(block.text);
    if (
      block.type === "tool_use" &&
      typeof block.id === "string" &&
      typeof block.name === "string"
    ) {
      toolCalls.push(toolCall(block.id, block.name, block.input));
    }
    // thinking and server-tool blocks have no place in a chat completion.
  }
  const message: Record<string, unknown> = {
    role: "assistant",
    // OpenAI's content is null on a pure tool call, a string otherwise.
    content: texts.length > 0 ? texts.join("") : toolCalls.length > 0 ? null : "",
    refusal: null,
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return {
    id: `chatcmpl-${typeof json.id === "string" ? json.id : ""}`,
    object: "chat.completion",
    created: nowSeconds(),
    model: requestedModel,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(json.stop_reason) }],
    usage: toOpenAIUsage(readAnthropicUsage(json.usage)),
  };
}

interface ErrorMapping {
  status: number;
  type: OpenAIErrorType;
  code: string | null;
}

/**
 * Anthropic error type -> what the OpenAI client should see. The channel's own credentials,
 * permissions and billing are the operator's problem, not the caller's: a client that got 401
 * would think its Relay key was wrong, so those become 502s.
 */
const ERRORS: Readonly<Record<string, ErrorMapping>> = {
  invalid_request_error: { status: 400, type: "invalid_request_error", code: null },
  authentication_error: {
    status: 502,
    type: "server_error",
    code: "upstream_authentication_error",
  },
  permission_error: { status: 502, type: "server_error", code: "upstream_permission_error" },
  billing_error: { status: 502, type: "server_error", code: "upstream_billing_error" },
  not_found_error: { status: 404, type: "invalid_request_error", code: null },
  request_too_large: { status: 413, type: "invalid_request_error", code: "request_too_large" },
  rate_limit_error: { status: 429, type: "rate_limit_error", code: "rate_limit_exceeded" },
  api_error: { status: 500, type: "server_error", code: null },
  timeout_error: { status: 504, type: "server_error", code: "timeout" },
  // 529 is Anthropic's own status; 503 is what OpenAI clients know to retry on.
  overloaded_error: { status: 503, type: "server_error", code: "service_unavailable" },
};

function fallback(status: number): ErrorMapping {
  if (status === 429) return { status, type: "rate_limit_error", code: "rate_limit_exceeded" };
  if (status >= 500)
    return { status: status === 529 ? 503 : status, type: "server_error", code: null };
  if (status >= 400) return { status, type: "invalid_request_error", code: null };
  return { status: 502, type: "server_error", code: "bad_upstream_response" };
}

/** An Anthropic error answer (`{type:"error", error:{type, message}}`) as an OpenAIError. */
export function fromAnthropicError(status: number, json: unknown): OpenAIError {
  const error = isRecord(json) && isRecord(json.error) ? json.error : undefined;
  const type = typeof error?.type === "string" ? error.type : undefined;
  const mapping = (type !== undefined ? ERRORS[type] : undefined) ?? fallback(status);
  const message =
    typeof error?.message === "string" && error.message !== ""
      ? error.message
      : `The upstream provider answered HTTP ${status}.`;
  return new OpenAIError(mapping.status, message, mapping.type, mapping.code);
}
