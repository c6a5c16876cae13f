// OpenAI Chat Completions request -> Anthropic Messages request. Pure: the body goes in, the
// body to send comes out, and what Anthropic cannot honour is refused up front with a 400
// rather than silently answered differently.
import { OpenAIError } from "../../http/openai-error.ts";
import { isList, isRecord } from "./json.ts";

/** Anthropic requires max_tokens; OpenAI lets the model run to its limit. */
export const DEFAULT_MAX_TOKENS = 4096;

/** A parameter this provider cannot honour; a 400 in OpenAI's shape, as OpenAI itself sends. */
export class UnsupportedParameterError extends OpenAIError {
  constructor(param: string, message: string) {
    super(400, message, "invalid_request_error", "unsupported_parameter", param);
    this.name = "UnsupportedParameterError";
  }
}

function invalidValue(param: string, message: string): OpenAIError {
  return new OpenAIError(400, message, "invalid_request_error", "invalid_value", param);
}

function unsupported(param: string): UnsupportedParameterError {
  return new UnsupportedParameterError(
    param,
    `Unsupported parameter: '${param}' is not supported with this model.`,
  );
}

interface TextBlock {
  type: "text";
  text: string;
}

interface ImageBlock {
  type: "image";
  source: { type: "base64"; media_type: string; data: string } | { type: "url"; url: string };
}

interface ToolUseBlock {
  type: "tool_use";
  id: string;
  name: string;
  input: Record<string, unknown>;
}

interface ToolResultBlock {
  type: "tool_result";
  tool_use_id: string;
  content?: string | TextBlock[];
}

type Block = TextBlock | ImageBlock | ToolUseBlock | ToolResultBlock;

interface Turn {
  role: "user" | "assistant";
  content: Block[];
}

/** Parameters with no Anthropic equivalent whose absence a client would notice. */
function rejectUnsupported(body: Record<string, unknown>): void {
  const { n, logit_bias, logprobs, top_logprobs, response_format, modalities } = body;
  if (n !== undefined && n !== null && n !== 1) {
    throw new UnsupportedParameterError("n", "Unsupported value: 'n' must be 1 with this model.");
  }
  if (logit_bias !== undefined && logit_bias !== null) {
    if (!isRecord(logit_bias) || Object.keys(logit_bias).length > 0)
      throw unsupported("logit_bias");
  }
  if (logprobs === true) throw unsupported("logprobs");
  if (top_logprobs !== undefined && top_logprobs !== null) throw unsupported("top_logprobs");
  // JSON mode promises parseable output; Anthropic has no switch that guarantees it.
  if (isRecord(response_format) && response_format.type !== "text") {
    throw new UnsupportedParameterError(
      "response_format",
      `Unsupported value: 'response_format' of type '${String(response_format.type)}' is not supported with this model.`,
    );
  }
  if (body.audio !== undefined && body.audio !== null) throw unsupported("audio");
  if (isList(modalities) && modalities.includes("audio")) throw unsupported("modalities");
  for (const legacy of ["functions", "function_call", "web_search_options"]) {
    if (body[legacy] !== undefined && body[legacy] !== null) throw unsupported(legacy);
  }
}

/** Text of a system message or a tool result: a string or text parts. */
function texts(content: unknown, at: string): string[] {
  if (content === undefined || content === null) return [];
  if (typeof content === "string") return content === "" ? [] : [content];
  if (!isList(content)) throw invalidValue(at, `'${at}' must be a string or an array of parts.`);
  return content.flatMap((part, index) => {
    if (!isRecord(part) || part.type !== "text" || typeof part.text !== "string") {
      throw invalidValue(`${at}[${index}]`, `'${at}[${index}]' must be a text part.`);
    }
    return part.text === "" ? [] : [part.text];
  });
}

const DATA_URL = /^data:([^;,]+);base64,(.+)$/s;

function imageBlock(part: Record<string, unknown>, at: string): ImageBlock {
  const ref = part.image_url;
  const url = typeof ref === "string" ? ref : isRecord(ref) ? ref.url : undefined;
  if (typeof url !== "string") {
    throw invalidValue(`${at}.image_url`, `'${at}.image_url.url' must be a string.`);
  }
  const [, mediaType, data] = DATA_URL.exec(url) ?? [];
  if (mediaType !== undefined && data !== undefined) {
    return { type: "image", source: { type: "base64", media_type: mediaType, data } };
  }
  if (/^https?:\/\//i.test(url)) return { type: "image", source: { type: "url", url } };
  throw invalidValue(
    `${at}.image_url.url`,
    "Image URLs must be http(s) URLs or base64 data URLs (data:image/png;base64,...).",
  );
}

/** User or assistant content: a string or parts. Empty text is dropped; Anthropic rejects it. */
function contentBlocks(content: unknown, at: string): Block[] {
  if (content === undefined || content === null) return [];
  if (typeof content === "string") return content === "" ? [] : [{ type: "text", text: content }];
  if (!isList(content)) throw invalidValue(at, `'${at}' must be a string or an array of parts.`);
  return content.flatMap((part, index): Block[] => {
    const partAt = `${at}[${index}]`;
    if (!isRecord(part)) throw invalidValue(partAt, `'${partAt}' must be an object.`);
    switch (part.type) {
      case "text":
      case "refusal": {
        const text = part.type === "text" ? part.text : part.refusal;
        if (typeof text !== "string") throw invalidValue(partAt, `'${partAt}' has no text.`);
        return text === "" ? [] : [{ type: "text", text }];
      }
      case "image_url":
        return [imageBlock(part, partAt)];
      default:
        throw new UnsupportedParameterError(
          `${partAt}.type`,
          `Unsupported value: content parts of type '${String(part.type)}' are not supported with this model.`,
        );
    }
  });
}

/** Tool-call arguments are a JSON string in OpenAI and an object in Anthropic. */
function toolInput(value: unknown, at: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "string") throw invalidValue(at, `'${at}' must be a string.`);
  if (value.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalidValue(at, `'${at}' is not valid JSON.`);
  }
  if (!isRecord(parsed)) throw invalidValue(at, `'${at}' must encode a JSON object.`);
  return parsed;
}

function toolUseBlocks(calls: unknown, at: string): ToolUseBlock[] {
  if (calls === undefined || calls === null) return [];
  if (!isList(calls)) throw invalidValue(at, `'${at}' must be an array.`);
  return calls.map((call, index) => {
    const callAt = `${at}[${index}]`;
    if (!isRecord(call)) throw invalidValue(callAt, `'${callAt}' must be an object.`);
    if (call.type !== undefined && call.type !== "function") throw unsupported(`${callAt}.type`);
    const fn = call.function;
    if (typeof call.id !== "string" || !isRecord(fn) || typeof fn.name !== "string") {
      throw invalidValue(callAt, `'${callAt}' needs an id and a function name.`);
    }
    return {
      type: "tool_use",
      id: call.id,
      name: fn.name,
      input: toolInput(fn.arguments, `${callAt}.function.arguments`),
    };
  });
}

function toolResultBlock(message: Record<string, unknown>, at: string): ToolResultBlock {
  if (typeof message.tool_call_id !== "string") {
    throw invalidValue(`${at}.tool_call_id`, `'${at}.tool_call_id' must be a string.`);
  }
  const block: ToolResultBlock = { type: "tool_result", tool_use_id: message.tool_call_id };
  const content = message.content;
  if (typeof content === "string") {
    if (content !== "") block.content = content;
  } else {
    const parts = texts(content, `${at}.content`);
    if (parts.length > 0) block.content = parts.map((text) => ({ type: "text", text }));
  }
  return block;
}

/**
 * Appends to the conversation, merging into the previous turn when the role repeats (a tool
 * message and the user's next words become one user turn, as Anthropic requires).
 */
function append(turns: Turn[], role: Turn["role"], content: Block[]): void {
  if (content.length === 0) return;
  const last = turns.at(-1);
  if (last?.role === role) last.content.push(...content);
  else turns.push({ role, content: [...content] });
}

/** One text block reads best as a plain string; tool results must lead a user turn. */
function renderTurn(turn: Turn): { role: Turn["role"]; content: string | Block[] } {
  const [only, ...rest] = turn.content;
  if (only?.type === "text" && rest.length === 0) return { role: turn.role, content: only.text };
  const results = turn.content.filter((block) => block.type === "tool_result");
  const others = turn.content.filter((block) => block.type !== "tool_result");
  return { role: turn.role, content: [...results, ...others] };
}

function maxTokens(body: Record<string, unknown>): number {
  const newer = body.max_completion_tokens;
  const param = newer !== undefined && newer !== null ? "max_completion_tokens" : "max_tokens";
  const value = body[param];
  if (value === undefined || value === null) return DEFAULT_MAX_TOKENS;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw invalidValue(param, `'${param}' must be a positive integer.`);
  }
  return value;
}

function stopSequences(stop: unknown): string[] {
  if (stop === undefined || stop === null) return [];
  const list = typeof stop === "string" ? [stop] : stop;
  if (!isList(list) || !list.every((item) => typeof item === "string")) {
    throw invalidValue("stop", "'stop' must be a string or an array of strings.");
  }
  // Anthropic rejects a sequence of only whitespace; such a stop would never fire usefully.
  return list.filter((item): item is string => typeof item === "string" && item.trim() !== "");
}

function tools(value: unknown): Record<string, unknown>[] {
  if (value === undefined || value === null) return [];
  if (!isList(value)) throw invalidValue("tools", "'tools' must be an array.");
  return value.map((tool, index) => {
    const at = `tools[${index}]`;
    if (!isRecord(tool)) throw invalidValue(at, `'${at}' must be an object.`);
    if (tool.type !== "function") throw unsupported(`${at}.type`);
    const fn = tool.function;
    if (!isRecord(fn) || typeof fn.name !== "string") {
      throw invalidValue(`${at}.function.name`, `'${at}.function.name' must be a string.`);
    }
    return {
      name: fn.name,
      ...(typeof fn.description === "string" ? { description: fn.description } : {}),
      // Anthropic requires a schema; a function without parameters takes an empty object.
      input_schema: isRecord(fn.parameters) ? fn.parameters : { type: "object", properties: {} },
    };
  });
}

function toolChoice(value: unknown, parallel: unknown): Record<string, unknown> | undefined {
  let choice: Record<string, unknown> | undefined;
  if (value === undefined || value === null || value === "auto") choice = { type: "auto" };
  else if (value === "none") return { type: "none" };
  else if (value === "required") choice = { type: "any" };
  else if (isRecord(value) && value.type === "function" && isRecord(value.function)) {
    const name = value.function.name;
    if (typeof name !== "string") {
      throw invalidValue("tool_choice", "'tool_choice.function.name' must be a string.");
    }
    choice = { type: "tool", name };
  } else {
    throw unsupported("tool_choice");
  }
  if (parallel === false) return { ...choice, disable_parallel_tool_use: true };
  // Anthropic's default is auto, so an unset choice need not be sent.
  return value === undefined || value === null ? undefined : choice;
}

export function toAnthropicRequest(
  body: Record<string, unknown>,
  upstreamModel: string,
): { path: "/v1/messages"; body: Record<string, unknown> } {
  rejectUnsupported(body);
  const messages = body.messages;
  if (!isList(messages)) throw invalidValue("messages", "'messages' must be an array.");

  // Anthropic has one top-level system prompt; system turns anywhere are gathered into it.
  const system: string[] = [];
  const turns: Turn[] = [];
  for (const [index, message] of messages.entries()) {
    const at = `messages[${index}]`;
    if (!isRecord(message)) throw invalidValue(at, `'${at}' must be an object.`);
    switch (message.role) {
      case "system":
      case "developer":
        system.push(...texts(message.content, `${at}.content`));
        break;
      case "user":
        append(turns, "user", contentBlocks(message.content, `${at}.content`));
        break;
      case "assistant":
        append(turns, "assistant", [
          ...contentBlocks(message.content, `${at}.content`),
          ...toolUseBlocks(message.tool_calls, `${at}.tool_calls`),
        ]);
        break;
      case "tool":
        append(turns, "user", [toolResultBlock(message, at)]);
        break;
      default:
        throw new UnsupportedParameterError(
          `${at}.role`,
          `Unsupported value: messages with role '${String(message.role)}' are not supported with this model.`,
        );
    }
  }

  const out: Record<string, unknown> = {
    model: upstreamModel,
    max_tokens: maxTokens(body),
    messages: turns.map(renderTurn),
  };
  if (system.length === 1) out.system = system[0];
  else if (system.length > 1) out.system = system.map((text) => ({ type: "text", text }));

  const { temperature, top_p: topP, user } = body;
  if (typeof temperature === "number") out.temperature = Math.min(1, Math.max(0, temperature));
  if (typeof topP === "number") out.top_p = topP;
  const stop = stopSequences(body.stop);
  if (stop.length > 0) out.stop_sequences = stop;
  if (body.stream === true) out.stream = true;
  if (typeof user === "string" && user !== "") out.metadata = { user_id: user };

  const toolList = tools(body.tools);
  if (toolList.length > 0) {
    out.tools = toolList;
    const choice = toolChoice(body.tool_choice, body.parallel_tool_calls);
    if (choice) out.tool_choice = choice;
  }
  return { path: "/v1/messages", body: out };
}
