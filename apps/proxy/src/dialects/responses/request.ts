// A Responses API request as a chat completion, for channels that speak only chat: instructions
// become the system message, input items become messages (function calls an assistant message's
// tool_calls, their outputs tool messages), function tools chat tools, text.format a
// response_format and reasoning.effort reasoning_effort. What chat cannot express (built-in tools
// such as web_search, file inputs, item references) is refused as OpenAI refuses an unsupported
// parameter, before anything is sent.

import { record } from "../../endpoints/types.ts";
import { OpenAIError } from "../../http/openai-error.ts";

type Json = Record<string, unknown>;
/** A chat message: a role and its fields. */
export type ChatMessage = Json & { role: string };

function unsupported(param: string, what: string): OpenAIError {
  return new OpenAIError(
    400,
    `${what} is not supported with this model.`,
    "invalid_request_error",
    "unsupported_value",
    param,
  );
}

/** The input as a list of items: a string is one user message. */
export function inputItems(input: unknown): Json[] {
  if (typeof input === "string") return [{ type: "message", role: "user", content: input }];
  return Array.isArray(input) ? input.map(record) : [];
}

function chatPart(part: Json, at: string): Json {
  switch (part.type) {
    case "input_text":
    case "output_text":
    case "text":
      return { type: "text", text: typeof part.text === "string" ? part.text : "" };
    case "refusal":
      return { type: "text", text: typeof part.refusal === "string" ? part.refusal : "" };
    case "input_image": {
      const url = typeof part.image_url === "string" ? part.image_url : undefined;
      if (!url) throw unsupported(at, "An input_image without image_url (a file_id)");
      const detail = typeof part.detail === "string" ? part.detail : "auto";
      return { type: "image_url", image_url: { url, detail } };
    }
    default:
      throw unsupported(at, `Content of type '${String(part.type)}'`);
  }
}

function messageContent(content: unknown, role: string, at: string): unknown {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  const parts = content.map((part, i) => chatPart(record(part), `${at}.content[${i}]`));
  // Assistant, system and developer turns take text only in chat: their parts are joined.
  if (role !== "user") return parts.map((part) => (part.type === "text" ? part.text : "")).join("");
  return parts;
}

/** Instructions and items as chat messages. */
export function chatMessages(instructions: unknown, items: readonly Json[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (typeof instructions === "string" && instructions) {
    messages.push({ role: "system", content: instructions });
  }
  for (const [i, item] of items.entries()) {
    const at = `input[${i}]`;
    const type = item.type ?? "message";
    if (type === "message") {
      const role = typeof item.role === "string" ? item.role : "user";
      // "developer" is OpenAI's newer name for system; compatible servers know only the older one.
      const chatRole = role === "developer" ? "system" : role;
      messages.push({ role: chatRole, content: messageContent(item.content, role, at) });
    } else if (type === "function_call") {
      const call = {
        id: item.call_id,
        type: "function",
        function: { name: item.name, arguments: item.arguments ?? "" },
      };
      const last = messages.at(-1);
      // Parallel calls are one assistant turn in chat.
      if (last?.role === "assistant" && Array.isArray(last.tool_calls)) last.tool_calls.push(call);
      else if (last?.role === "assistant" && !last.tool_calls) last.tool_calls = [call];
      else messages.push({ role: "assistant", content: null, tool_calls: [call] });
    } else if (type === "function_call_output") {
      const output = typeof item.output === "string" ? item.output : JSON.stringify(item.output);
      messages.push({ role: "tool", tool_call_id: item.call_id, content: output });
    } else if (type === "reasoning") {
      // A model's reasoning is not replayed to a chat model: it has no field for it.
    } else {
      throw unsupported(at, `An input item of type '${String(type)}'`);
    }
  }
  return messages;
}

function chatTools(tools: unknown): Json[] | undefined {
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  return tools.map((value, i) => {
    const tool = record(value);
    if (tool.type !== "function")
      throw unsupported(`tools[${i}]`, `The '${String(tool.type)}' tool`);
    const fn: Json = { name: tool.name };
    if (tool.description !== undefined) fn.description = tool.description;
    if (tool.parameters !== undefined) fn.parameters = tool.parameters;
    if (typeof tool.strict === "boolean") fn.strict = tool.strict;
    return { type: "function", function: fn };
  });
}

function chatToolChoice(choice: unknown): unknown {
  if (choice === undefined || typeof choice === "string") return choice;
  const named = record(choice);
  if (named.type === "function") return { type: "function", function: { name: named.name } };
  throw unsupported("tool_choice", `A tool_choice of type '${String(named.type)}'`);
}

function responseFormat(text: unknown): Json | undefined {
  const format = record(record(text).format);
  switch (format.type) {
    case undefined:
    case "text":
      return undefined;
    case "json_object":
      return { type: "json_object" };
    case "json_schema": {
      const schema: Json = { name: format.name, schema: format.schema };
      if (typeof format.strict === "boolean") schema.strict = format.strict;
      if (typeof format.description === "string") schema.description = format.description;
      return { type: "json_schema", json_schema: schema };
    }
    default:
      throw unsupported("text.format", `A text.format of type '${String(format.type)}'`);
  }
}

/**
 * The chat completion request for a Responses API body; `history` is the stored conversation a
 * previous_response_id stands for, as input items.
 */
export function toChatRequest(body: Json, history: readonly Json[] = []): Json {
  const chat: Json = {
    model: body.model,
    messages: chatMessages(body.instructions, [...history, ...inputItems(body.input)]),
  };
  const tools = chatTools(body.tools);
  if (tools) {
    chat.tools = tools;
    const choice = chatToolChoice(body.tool_choice);
    if (choice !== undefined) chat.tool_choice = choice;
    if (typeof body.parallel_tool_calls === "boolean") {
      chat.parallel_tool_calls = body.parallel_tool_calls;
    }
  }
  const format = responseFormat(body.text);
  if (format) chat.response_format = format;
  const effort = record(body.reasoning).effort;
  if (typeof effort === "string") chat.reasoning_effort = effort;
  if (typeof body.max_output_tokens === "number") chat.max_tokens = body.max_output_tokens;
  for (const param of ["temperature", "top_p", "user"] as const) {
    if (body[param] !== undefined && body[param] !== null) chat[param] = body[param];
  }
  if (body.stream === true) {
    chat.stream = true;
    chat.stream_options = { include_usage: true };
  }
  return chat;
}
