// A Messages request checked as Anthropic checks it: its headers first, then the body field by
// field, each failure named by its dotted path.
import type { IncomingHttpHeaders } from "node:http";
import { SimError } from "../errors.ts";
import { isList, isRecord } from "../params.ts";
import { parseTurns, type Turn, textBlock } from "./messages-content.ts";
import { invalid, required, shouldBe } from "./messages-errors.ts";

export interface Tool {
  name: string;
  inputSchema: unknown;
}

export type ToolChoice = { kind: "auto" | "any" | "none" } | { kind: "tool"; name: string };

/** A Messages request after Anthropic's checks, consecutive same-role turns merged as it does. */
export interface MessagesRequest {
  model: string;
  maxTokens: number;
  system: string;
  turns: Turn[];
  stopSequences: string[];
  stream: boolean;
  tools: Tool[];
  rawTools: unknown[];
  toolChoice: ToolChoice;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
}

export function checkHeaders(headers: IncomingHttpHeaders, apiKey: string | undefined): void {
  const key = header(headers, "x-api-key");
  if (key === undefined) {
    throw new SimError(401, "x-api-key header is required", { type: "authentication_error" });
  }
  if (apiKey !== undefined && key !== apiKey) {
    throw new SimError(401, "invalid x-api-key", { type: "authentication_error" });
  }
  if (header(headers, "anthropic-version") === undefined) {
    throw invalid("anthropic-version: header is required");
  }
}

function optionalNumber(body: Record<string, unknown>, key: string, max: number): void {
  const value = body[key];
  if (value === undefined || value === null) return;
  if (typeof value !== "number" || !Number.isFinite(value)) throw shouldBe(key, "a valid number");
  if (value < 0) throw shouldBe(key, "greater than or equal to 0");
  if (value > max) throw shouldBe(key, `less than or equal to ${max}`);
}

export function parseRequest(value: unknown): MessagesRequest {
  if (!isRecord(value)) throw shouldBe("body", "a valid dictionary");
  const { model, max_tokens: maxTokens, messages, stream } = value;
  if (model === undefined) throw required("model");
  if (typeof model !== "string" || model === "") throw shouldBe("model", "a valid string");
  if (maxTokens === undefined) throw required("max_tokens");
  if (typeof maxTokens !== "number" || !Number.isInteger(maxTokens)) {
    throw shouldBe("max_tokens", "a valid integer");
  }
  if (maxTokens < 1) throw shouldBe("max_tokens", "greater than or equal to 1");
  if (messages === undefined) throw required("messages");
  if (!isList(messages)) throw shouldBe("messages", "a valid list");
  if (messages.length === 0) throw invalid("messages: at least one message is required");
  if (stream !== undefined && typeof stream !== "boolean")
    throw shouldBe("stream", "a valid boolean");
  optionalNumber(value, "temperature", 1);
  optionalNumber(value, "top_p", 1);
  checkMetadata(value.metadata);
  const tools = parseTools(value.tools);
  const turns = parseTurns(messages);
  return {
    model,
    maxTokens,
    system: parseSystem(value.system),
    turns,
    stopSequences: parseStopSequences(value.stop_sequences),
    stream: stream ?? false,
    tools,
    rawTools: isList(value.tools) ? [...value.tools] : [],
    toolChoice: parseToolChoice(value.tool_choice, tools),
  };
}

function checkMetadata(value: unknown): void {
  if (value === undefined || value === null) return;
  if (!isRecord(value)) throw shouldBe("metadata", "a valid dictionary");
  const userId = value.user_id;
  if (userId !== undefined && userId !== null && typeof userId !== "string") {
    throw shouldBe("metadata.user_id", "a valid string");
  }
}

function parseSystem(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (!isList(value)) throw shouldBe("system", "a valid list");
  return value
    .map((block, index) => {
      const at = `system.${index}`;
      if (!isRecord(block) || block.type !== "text") throw shouldBe(`${at}.type`, "'text'");
      return textBlock(block, at);
    })
    .join("\n");
}

function parseStopSequences(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!isList(value)) throw shouldBe("stop_sequences", "a valid list");
  return value.map((item, index) => {
    if (typeof item !== "string") throw shouldBe(`stop_sequences.${index}`, "a valid string");
    if (item.trim() === "") {
      throw invalid("stop_sequences: each stop sequence must contain non-whitespace");
    }
    return item;
  });
}

function parseTools(value: unknown): Tool[] {
  if (value === undefined || value === null) return [];
  if (!isList(value)) throw shouldBe("tools", "a valid list");
  return value.map((tool, index) => {
    const at = `tools.${index}`;
    if (!isRecord(tool)) throw shouldBe(at, "a valid dictionary");
    if (tool.type !== undefined && tool.type !== null && tool.type !== "custom") {
      throw invalid(
        `${at}: Input tag '${String(tool.type)}' found using 'type' does not match any of the expected tags: 'custom'`,
      );
    }
    if (typeof tool.name !== "string") throw required(`${at}.name`);
    if (!/^[a-zA-Z0-9_-]{1,128}$/.test(tool.name)) {
      throw invalid(`${at}.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`);
    }
    if (tool.input_schema === undefined) throw required(`${at}.input_schema`);
    if (!isRecord(tool.input_schema)) throw shouldBe(`${at}.input_schema`, "a valid dictionary");
    return { name: tool.name, inputSchema: tool.input_schema };
  });
}

function parseToolChoice(value: unknown, tools: readonly Tool[]): ToolChoice {
  if (value === undefined || value === null) return { kind: tools.length > 0 ? "auto" : "none" };
  if (!isRecord(value)) throw shouldBe("tool_choice", "a valid dictionary");
  const { type, name } = value;
  if (type === "auto" || type === "none") return { kind: type };
  if (tools.length === 0 && (type === "any" || type === "tool")) {
    throw invalid("tool_choice: tool_choice may only be specified while providing tools");
  }
  if (type === "any") return { kind: "any" };
  if (type === "tool") {
    if (typeof name !== "string") throw required("tool_choice.tool.name");
    if (!tools.some((tool) => tool.name === name)) {
      throw invalid(`tool_choice.tool.name: tool '${name}' was not found in 'tools'`);
    }
    return { kind: "tool", name };
  }
  throw invalid(
    `tool_choice: Input tag '${String(type)}' found using 'type' does not match any of the expected tags: 'auto', 'any', 'tool', 'none'`,
  );
}
