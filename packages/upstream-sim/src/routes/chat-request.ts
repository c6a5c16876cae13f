import { SimError } from "../errors.ts";
import {
  type Body,
  checkLogitBias,
  includeUsage,
  invalidType,
  invalidValue,
  isList,
  isRecord,
  missingParam,
  optionalBoolean,
  optionalInteger,
  optionalString,
  requireModel,
  stopSequences,
} from "../params.ts";
import type { ContentPart, PromptMessage } from "../tokens.ts";

export interface ToolDefinition {
  name: string;
  parameters: unknown;
}

export type ToolChoice =
  | { kind: "none" }
  | { kind: "auto" }
  | { kind: "required" }
  | { kind: "function"; name: string };

export type ResponseFormat =
  | { kind: "text" }
  | { kind: "json_object" }
  | { kind: "json_schema"; schema: unknown };

/** A chat request after OpenAI's checks, in the terms the generator needs. */
export interface ChatRequest {
  model: string;
  messages: PromptMessage[];
  n: number;
  maxTokens: number | undefined;
  stop: string[];
  stream: boolean;
  includeUsage: boolean;
  tools: ToolDefinition[];
  /** The tools as sent, for counting the prompt tokens they add. */
  rawTools: unknown[];
  toolChoice: ToolChoice;
  responseFormat: ResponseFormat;
  logprobs: boolean;
  topLogprobs: number;
  seed: number | undefined;
}

const ROLES = ["system", "developer", "user", "assistant", "tool", "function"] as const;

export function parseChatRequest(body: Body): ChatRequest {
  const model = requireModel(body);
  const messages = parseMessages(body.messages);
  const stream = optionalBoolean(body, "stream") ?? false;
  const tools = parseTools(body.tools);
  const logprobs = optionalBoolean(body, "logprobs") ?? false;
  const topLogprobs = optionalInteger(body, "top_logprobs", { min: 0, max: 20 });
  if (topLogprobs !== undefined && !logprobs) {
    throw new SimError(
      400,
      "Invalid value for 'top_logprobs': 'logprobs' must be set to true when 'top_logprobs' is used.",
      { param: "top_logprobs", code: "invalid_value" },
    );
  }
  checkLogitBias(body);
  optionalString(body, "user");
  // max_completion_tokens replaced max_tokens; either caps the reply.
  const maxTokens =
    optionalInteger(body, "max_completion_tokens", { min: 1 }) ??
    optionalInteger(body, "max_tokens", { min: 1 });
  return {
    model,
    messages,
    n: optionalInteger(body, "n", { min: 1, max: 128 }) ?? 1,
    maxTokens,
    stop: stopSequences(body),
    stream,
    includeUsage: includeUsage(body, stream),
    tools: tools.map((tool) => tool.definition),
    rawTools: tools.map((tool) => tool.raw),
    toolChoice: parseToolChoice(
      body.tool_choice,
      tools.map((tool) => tool.definition),
    ),
    responseFormat: parseResponseFormat(body.response_format),
    logprobs,
    topLogprobs: topLogprobs ?? 0,
    seed: optionalInteger(body, "seed", { min: Number.MIN_SAFE_INTEGER }),
  };
}

function parseMessages(value: unknown): PromptMessage[] {
  if (value === undefined || value === null) throw missingParam("messages");
  if (!isList(value)) throw invalidType("messages", "an array", value);
  if (value.length === 0) {
    throw new SimError(
      400,
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      { param: "messages", code: "empty_array" },
    );
  }
  return value.map((item, index) => parseMessage(item, `messages[${index}]`));
}

function parseMessage(value: unknown, at: string): PromptMessage {
  if (!isRecord(value)) throw invalidType(at, "an object", value);
  const role = value.role;
  if (role === undefined) throw missingParam(`${at}.role`);
  const knownRole = ROLES.find((candidate) => candidate === role);
  if (knownRole === undefined) throw invalidValue(`${at}.role`, role, ROLES);
  const message: PromptMessage = { role: knownRole };
  const toolCalls = parseToolCalls(value.tool_calls, `${at}.tool_calls`);
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  const content = value.content;
  if (content === undefined || content === null) {
    // Only an assistant turn may omit its content (when it called tools instead).
    if (knownRole !== "assistant") throw missingParam(`${at}.content`);
  } else if (typeof content === "string") {
    message.content = content;
  } else if (isList(content)) {
    message.content = content.map((part, index) => parsePart(part, `${at}.content[${index}]`));
  } else {
    throw invalidType(`${at}.content`, "a string or an array", content);
  }
  if (value.name !== undefined) {
    if (typeof value.name !== "string") throw invalidType(`${at}.name`, "a string", value.name);
    message.name = value.name;
  }
  if (knownRole === "tool") {
    if (typeof value.tool_call_id !== "string") throw missingParam(`${at}.tool_call_id`);
    message.tool_call_id = value.tool_call_id;
  }
  return message;
}

function parsePart(value: unknown, at: string): ContentPart {
  if (!isRecord(value)) throw invalidType(at, "an object", value);
  if (typeof value.type !== "string") throw missingParam(`${at}.type`);
  if (value.type === "text") {
    if (typeof value.text !== "string") throw invalidType(`${at}.text`, "a string", value.text);
    return { type: "text", text: value.text };
  }
  if (value.type === "refusal" && typeof value.refusal === "string") {
    return { type: "refusal", refusal: value.refusal };
  }
  return { type: value.type };
}

function parseToolCalls(value: unknown, at: string): NonNullable<PromptMessage["tool_calls"]> {
  if (value === undefined || value === null) return [];
  if (!isList(value)) throw invalidType(at, "an array", value);
  return value.map((call, index) => {
    const fn = isRecord(call) ? call.function : undefined;
    const custom = isRecord(call) ? call.custom : undefined;
    if (isRecord(custom) && typeof custom.name === "string" && typeof custom.input === "string") {
      return { custom: { name: custom.name, input: custom.input } };
    }
    if (!isRecord(fn) || typeof fn.name !== "string" || typeof fn.arguments !== "string") {
      throw missingParam(`${at}[${index}].function`);
    }
    return { function: { name: fn.name, arguments: fn.arguments } };
  });
}

function parseTools(value: unknown): { definition: ToolDefinition; raw: unknown }[] {
  if (value === undefined || value === null) return [];
  if (!isList(value)) throw invalidType("tools", "an array", value);
  return value.map((tool, index) => {
    const at = `tools[${index}]`;
    if (!isRecord(tool)) throw invalidType(at, "an object", tool);
    if (tool.type !== "function") throw invalidValue(`${at}.type`, tool.type, ["function"]);
    const fn = tool.function;
    if (!isRecord(fn)) throw missingParam(`${at}.function`);
    if (typeof fn.name !== "string" || fn.name === "") throw missingParam(`${at}.function.name`);
    return { definition: { name: fn.name, parameters: fn.parameters }, raw: tool };
  });
}

function parseToolChoice(value: unknown, tools: readonly ToolDefinition[]): ToolChoice {
  if (value === undefined || value === null) return { kind: tools.length > 0 ? "auto" : "none" };
  if (tools.length === 0) {
    throw new SimError(
      400,
      "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
      { param: "tool_choice", code: "invalid_value" },
    );
  }
  if (value === "none" || value === "auto" || value === "required") return { kind: value };
  if (isRecord(value) && value.type === "function" && isRecord(value.function)) {
    const name = value.function.name;
    if (typeof name === "string" && tools.some((tool) => tool.name === name)) {
      return { kind: "function", name };
    }
    throw new SimError(
      400,
      `Invalid value for 'tool_choice': no function named '${String(name)}' was specified in the 'tools' parameter.`,
      {
        param: "tool_choice",
        code: "invalid_value",
      },
    );
  }
  throw invalidValue("tool_choice", JSON.stringify(value), ["none", "auto", "required"]);
}

function parseResponseFormat(value: unknown): ResponseFormat {
  if (value === undefined || value === null) return { kind: "text" };
  if (!isRecord(value)) throw invalidType("response_format", "an object", value);
  switch (value.type) {
    case "text":
      return { kind: "text" };
    case "json_object":
      return { kind: "json_object" };
    case "json_schema": {
      const spec = value.json_schema;
      if (!isRecord(spec)) throw missingParam("response_format.json_schema");
      return { kind: "json_schema", schema: spec.schema };
    }
    default:
      throw invalidValue("response_format.type", value.type, [
        "text",
        "json_object",
        "json_schema",
      ]);
  }
}
