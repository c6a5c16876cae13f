// OpenAI chat completion -> Anthropic message: the answer of a channel that speaks only chat, in
// the shape an Anthropic client reads. Usage keeps the chat counts: OpenAI's prompt tokens include
// the cached ones, Anthropic's input tokens do not, so the cached share moves to its own field.
import { record } from "../../endpoints/types.ts";

export type StopReason = "end_turn" | "max_tokens" | "tool_use" | "refusal";

/**
 * Chat's finish reason in Anthropic's words. OpenAI ends a call its tool_choice forced with
 * "stop"; Anthropic says tool_use whenever the turn ends in tool calls.
 */
export function stopReason(finishReason: unknown, calledTools: boolean): StopReason {
  if (calledTools && finishReason !== "length") return "tool_use";
  switch (finishReason) {
    case "length":
      return "max_tokens";
    case "tool_calls":
    case "function_call":
      return "tool_use";
    case "content_filter":
      return "refusal";
    default:
      return "end_turn";
  }
}

export interface MessageUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : 0;
}

export function usageFromChat(usage: unknown): MessageUsage {
  const chat = record(usage);
  const prompt = count(chat.prompt_tokens);
  const cached = Math.min(count(record(chat.prompt_tokens_details).cached_tokens), prompt);
  return {
    input_tokens: prompt - cached,
    output_tokens: count(chat.completion_tokens),
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached,
  };
}

/** A message id from the chat completion's, so one answer keeps one id in logs. */
export function messageId(chatId: unknown): string {
  const id = typeof chatId === "string" ? chatId.replace(/^chatcmpl-/, "") : "";
  return `msg_${id || Date.now().toString(36)}`;
}

/** Tool arguments are a JSON string in chat, an object in Anthropic. */
export function toolInput(args: unknown): unknown {
  if (typeof args !== "string" || args.trim() === "") return {};
  try {
    const parsed: unknown = JSON.parse(args);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

export function messageFromChat(answer: unknown, requestedModel: string): Record<string, unknown> {
  const completion = record(answer);
  const [first] = Array.isArray(completion.choices) ? completion.choices : [];
  const choice = record(first);
  const message = record(choice.message);
  const content: Record<string, unknown>[] = [];
  if (typeof message.content === "string" && message.content !== "") {
    content.push({ type: "text", text: message.content });
  }
  for (const item of Array.isArray(message.tool_calls) ? message.tool_calls : []) {
    const call = record(item);
    const fn = record(call.function);
    content.push({
      type: "tool_use",
      id: typeof call.id === "string" ? call.id : "",
      name: typeof fn.name === "string" ? fn.name : "",
      input: toolInput(fn.arguments),
    });
  }
  return {
    id: messageId(completion.id),
    type: "message",
    role: "assistant",
    model: requestedModel,
    content,
    stop_reason: stopReason(
      choice.finish_reason,
      content.some((block) => block.type === "tool_use"),
    ),
    stop_sequence: null,
    usage: usageFromChat(completion.usage),
  };
}
