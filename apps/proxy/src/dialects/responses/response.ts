// A chat completion as a Responses API response: the message and its function calls become output
// items, finish_reason "length" an incomplete response, and the usage is renamed (prompt ->
// input, completion -> output, reasoning tokens inside the output as OpenAI counts them).
import { randomBytes } from "node:crypto";
import { record } from "../../endpoints/types.ts";

type Json = Record<string, unknown>;

/** An id in OpenAI's style for a kind of object: "resp_", "msg_", "fc_" + 48 hex digits. */
export function newItemId(prefix: "resp" | "msg" | "fc"): string {
  return `${prefix}_${randomBytes(24).toString("hex")}`;
}

/** What a response echoes of its request, and what is known before any output. */
export interface ResponseFrame {
  id: string;
  createdAt: number;
  /** The model name the client asked for. */
  model: string;
  request: Json;
}

/** The response object around its output: every field OpenAI's carries, echoing the request. */
export function responseObject(
  frame: ResponseFrame,
  state: { status: string; output: Json[]; usage: Json | null; incomplete?: string },
): Json {
  const { request } = frame;
  const reasoning = record(request.reasoning);
  const echo = (param: string, fallback: unknown) =>
    request[param] === undefined ? fallback : request[param];
  return {
    id: frame.id,
    object: "response",
    created_at: frame.createdAt,
    status: state.status,
    background: false,
    error: null,
    incomplete_details: state.incomplete ? { reason: state.incomplete } : null,
    instructions: echo("instructions", null),
    max_output_tokens: echo("max_output_tokens", null),
    model: frame.model,
    output: state.output,
    parallel_tool_calls: echo("parallel_tool_calls", true),
    previous_response_id: echo("previous_response_id", null),
    reasoning: { effort: reasoning.effort ?? null, summary: reasoning.summary ?? null },
    store: echo("store", true),
    temperature: echo("temperature", 1),
    text: request.text ?? { format: { type: "text" } },
    tool_choice: echo("tool_choice", "auto"),
    tools: echo("tools", []),
    top_p: echo("top_p", 1),
    truncation: echo("truncation", "disabled"),
    usage: state.usage,
    user: echo("user", null),
    metadata: echo("metadata", {}),
  };
}

/** Chat usage in the Responses API's names; null when the answer reported none. */
export function responsesUsage(chatUsage: unknown): Json | null {
  const usage = record(chatUsage);
  if (typeof usage.prompt_tokens !== "number" || typeof usage.completion_tokens !== "number") {
    return null;
  }
  const cached = record(usage.prompt_tokens_details).cached_tokens;
  const reasoning = record(usage.completion_tokens_details).reasoning_tokens;
  return {
    input_tokens: usage.prompt_tokens,
    input_tokens_details: { cached_tokens: typeof cached === "number" ? cached : 0 },
    output_tokens: usage.completion_tokens,
    output_tokens_details: { reasoning_tokens: typeof reasoning === "number" ? reasoning : 0 },
    total_tokens: usage.prompt_tokens + usage.completion_tokens,
  };
}

export function messageItem(id: string, text: string, status: string, refusal?: string): Json {
  const content =
    refusal === undefined
      ? [{ type: "output_text", text, annotations: [], logprobs: [] }]
      : [{ type: "refusal", refusal }];
  return { type: "message", id, status, role: "assistant", content };
}

export function functionCallItem(
  id: string,
  call: { callId: string; name: string; arguments: string },
  status: string,
): Json {
  return {
    type: "function_call",
    id,
    call_id: call.callId,
    name: call.name,
    arguments: call.arguments,
    status,
  };
}

/** How a chat finish_reason ends a response: completed, or incomplete and why. */
export function ending(finishReason: unknown): { status: string; incomplete?: string } {
  if (finishReason === "length") return { status: "incomplete", incomplete: "max_output_tokens" };
  if (finishReason === "content_filter") {
    return { status: "incomplete", incomplete: "content_filter" };
  }
  return { status: "completed" };
}

/** A whole chat completion (OpenAI's shape) as a response. */
export function fromChatCompletion(chat: unknown, frame: ResponseFrame): Json {
  const choices = record(chat).choices;
  const first = record(Array.isArray(choices) ? choices[0] : undefined);
  const message = record(first.message);
  const output: Json[] = [];
  if (typeof message.refusal === "string" && message.refusal) {
    output.push(messageItem(newItemId("msg"), "", "completed", message.refusal));
  } else if (typeof message.content === "string" && message.content) {
    output.push(messageItem(newItemId("msg"), message.content, "completed"));
  }
  for (const value of Array.isArray(message.tool_calls) ? message.tool_calls : []) {
    const call = record(value);
    const fn = record(call.function);
    output.push(
      functionCallItem(
        newItemId("fc"),
        {
          callId: String(call.id ?? ""),
          name: String(fn.name ?? ""),
          arguments: typeof fn.arguments === "string" ? fn.arguments : "",
        },
        "completed",
      ),
    );
  }
  return responseObject(frame, {
    ...ending(first.finish_reason),
    output,
    usage: responsesUsage(record(chat).usage),
  });
}
