// Anthropic's Messages API, simulated. It speaks its own dialect on the wire (an x-api-key
// header, `{"type":"error",...}` bodies, named SSE events with no [DONE]), so it is served whole
// here rather than through the OpenAI-shaped route table; text, tokens and faults are shared.
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { SimError } from "../errors.ts";
import { type FaultSwitches, faultFromHeaders, integerHeader } from "../faults.ts";
import { newId, newRequestId } from "../ids.ts";
import { type JsonValue, locationHint, valueForSchema } from "../json-value.ts";
import { isList, isRecord } from "../params.ts";
import { createRandom, type Random } from "../random.ts";
import { applyStop, replyText } from "../text.ts";
import {
  type ContentPart,
  countChatPromptTokens,
  countTokens,
  countToolDefinitionTokens,
  encodeText,
  type PromptMessage,
  tokenPieces,
  truncateToTokens,
} from "../tokens.ts";

export const MESSAGES_PATH = "/v1/messages";

type Role = "user" | "assistant";

type Block =
  | { type: "text"; text: string }
  | { type: "image" }
  | { type: "tool_use"; id: string; name: string; input: unknown }
  | { type: "tool_result"; toolUseId: string; text: string };

interface Turn {
  role: Role;
  blocks: Block[];
}

interface Tool {
  name: string;
  inputSchema: unknown;
}

type ToolChoice = { kind: "auto" | "any" | "none" } | { kind: "tool"; name: string };

/** A Messages request after Anthropic's checks, consecutive same-role turns merged as it does. */
interface MessagesRequest {
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

type StopReason = "end_turn" | "max_tokens" | "stop_sequence" | "tool_use";

type OutputBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: JsonValue; json: string };

interface ReplyPlan {
  blocks: OutputBlock[];
  stopReason: StopReason;
  stopSequence: string | null;
  outputTokens: number;
}

// Anthropic's messages are pydantic's: "<dotted.path>: <what is wrong>".
function invalid(message: string): SimError {
  return new SimError(400, message, { type: "invalid_request_error" });
}

function required(path: string): SimError {
  return invalid(`${path}: Field required`);
}

function shouldBe(path: string, what: string): SimError {
  return invalid(`${path}: Input should be ${what}`);
}

/** The error a switched-on fault answers with, in Anthropic's types for each status. */
function faultError(status: number, retryAfterSeconds: number): SimError {
  switch (status) {
    case 429:
      return new SimError(
        429,
        "This request would exceed the rate limit for your organization. Please try again later.",
        {
          type: "rate_limit_error",
          headers: {
            "retry-after": String(retryAfterSeconds),
            "anthropic-ratelimit-requests-remaining": "0",
          },
        },
      );
    case 503:
    case 529:
      return new SimError(status, "Overloaded", { type: "overloaded_error" });
    case 401:
      return new SimError(401, "invalid x-api-key", { type: "authentication_error" });
    case 403:
      return new SimError(
        403,
        "Your API key does not have permission to use the specified resource.",
        {
          type: "permission_error",
        },
      );
    case 404:
      return new SimError(404, "The requested resource could not be found.", {
        type: "not_found_error",
      });
    case 413:
      return new SimError(413, "Request exceeds the maximum allowed number of bytes.", {
        type: "request_too_large",
      });
    default:
      return status >= 500
        ? new SimError(status, "Internal server error", { type: "api_error" })
        : invalid(`Simulated upstream failure (HTTP ${status}).`);
  }
}

function errorBody(error: SimError, requestId: string) {
  return {
    type: "error",
    error: { type: error.type, message: error.message },
    request_id: requestId,
  };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
}

function checkHeaders(headers: IncomingHttpHeaders, apiKey: string | undefined): void {
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

function parseRequest(value: unknown): MessagesRequest {
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
  const turns = mergeTurns(messages.map((message, index) => parseMessage(message, index)));
  checkToolPairs(turns);
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

function textBlock(value: Record<string, unknown>, at: string): string {
  if (typeof value.text !== "string") throw shouldBe(`${at}.text`, "a valid string");
  if (value.text === "") throw invalid("messages: text content blocks must be non-empty");
  return value.text;
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

const MEDIA_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"];

function checkImage(block: Record<string, unknown>, at: string): void {
  const source = block.source;
  if (!isRecord(source)) throw required(`${at}.source`);
  if (source.type === "base64") {
    if (typeof source.media_type !== "string" || !MEDIA_TYPES.includes(source.media_type)) {
      throw shouldBe(
        `${at}.source.base64.media_type`,
        "'image/jpeg', 'image/png', 'image/gif' or 'image/webp'",
      );
    }
    if (typeof source.data !== "string" || source.data === "") {
      throw required(`${at}.source.base64.data`);
    }
  } else if (source.type === "url") {
    if (typeof source.url !== "string" || !/^https?:\/\//.test(source.url)) {
      throw shouldBe(`${at}.source.url.url`, "a valid URL");
    }
  } else {
    throw invalid(
      `${at}.source: Input tag '${String(source.type)}' found using 'type' does not match any of the expected tags: 'base64', 'url'`,
    );
  }
}

function toolResultText(content: unknown, at: string): string {
  if (content === undefined || content === null) return "";
  if (typeof content === "string") return content;
  if (!isList(content)) throw shouldBe(`${at}.content`, "a valid list");
  return content
    .map((part, index) => {
      const partAt = `${at}.content.${index}`;
      if (!isRecord(part)) throw shouldBe(partAt, "a valid dictionary");
      if (part.type === "text") return textBlock(part, partAt);
      if (part.type === "image") {
        checkImage(part, partAt);
        return "";
      }
      throw shouldBe(`${partAt}.type`, "'text' or 'image'");
    })
    .join("\n");
}

const BLOCK_TYPES = "'text', 'image', 'tool_use', 'tool_result'";

function parseBlock(value: unknown, at: string, role: Role): Block {
  if (!isRecord(value)) throw shouldBe(at, "a valid dictionary");
  switch (value.type) {
    case "text":
      return { type: "text", text: textBlock(value, at) };
    case "image":
      checkImage(value, at);
      return { type: "image" };
    case "tool_use": {
      if (role !== "assistant")
        throw invalid(`${at}: tool_use blocks may only appear in assistant messages`);
      if (typeof value.id !== "string" || !/^[a-zA-Z0-9_-]+$/.test(value.id)) {
        throw shouldBe(`${at}.id`, "a string matching '^[a-zA-Z0-9_-]+$'");
      }
      if (typeof value.name !== "string") throw required(`${at}.name`);
      if (!isRecord(value.input)) throw shouldBe(`${at}.input`, "a valid dictionary");
      return { type: "tool_use", id: value.id, name: value.name, input: value.input };
    }
    case "tool_result": {
      if (role !== "user")
        throw invalid(`${at}: tool_result blocks may only appear in user messages`);
      if (typeof value.tool_use_id !== "string") throw required(`${at}.tool_use_id`);
      return {
        type: "tool_result",
        toolUseId: value.tool_use_id,
        text: toolResultText(value.content, at),
      };
    }
    default:
      throw invalid(
        `${at}: Input tag '${String(value.type)}' found using 'type' does not match any of the expected tags: ${BLOCK_TYPES}`,
      );
  }
}

function parseMessage(value: unknown, index: number): Turn {
  const at = `messages.${index}`;
  if (!isRecord(value)) throw shouldBe(at, "a valid dictionary");
  const { role, content } = value;
  if (role === undefined) throw required(`${at}.role`);
  if (role !== "user" && role !== "assistant")
    throw shouldBe(`${at}.role`, "'user' or 'assistant'");
  if (content === undefined) throw required(`${at}.content`);
  if (typeof content === "string") {
    if (content === "") throw invalid(`${at}: ${role} messages must have non-empty content`);
    return { role, blocks: [{ type: "text", text: content }] };
  }
  if (!isList(content)) throw shouldBe(`${at}.content`, "a valid list");
  return { role, blocks: content.map((block, b) => parseBlock(block, `${at}.content.${b}`, role)) };
}

/** Anthropic combines consecutive turns of one role into a single turn. */
function mergeTurns(turns: readonly Turn[]): Turn[] {
  const merged: Turn[] = [];
  for (const turn of turns) {
    const last = merged.at(-1);
    if (last?.role === turn.role) last.blocks.push(...turn.blocks);
    else merged.push({ role: turn.role, blocks: [...turn.blocks] });
  }
  return merged;
}

/** Every tool_use must be answered by a tool_result in the very next turn, and only there. */
function checkToolPairs(turns: readonly Turn[]): void {
  for (const [index, turn] of turns.entries()) {
    const previous = turns[index - 1];
    const next = turns[index + 1];
    if (turn.role === "assistant" && next) {
      const answered = new Set(
        next.blocks.flatMap((block) => (block.type === "tool_result" ? [block.toolUseId] : [])),
      );
      const open = turn.blocks.flatMap((block) =>
        block.type === "tool_use" && !answered.has(block.id) ? [block.id] : [],
      );
      if (open.length > 0) {
        throw invalid(
          `messages.${index + 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${open.join(", ")}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
        );
      }
    }
    if (turn.role === "user") {
      const called = new Set(
        (previous?.blocks ?? []).flatMap((block) => (block.type === "tool_use" ? [block.id] : [])),
      );
      for (const [b, block] of turn.blocks.entries()) {
        if (block.type === "tool_result" && !called.has(block.toolUseId)) {
          throw invalid(
            `messages.${index}.content.${b}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${block.toolUseId}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
          );
        }
      }
    }
  }
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

function turnText(turn: Turn | undefined): string {
  return (turn?.blocks ?? []).map((block) => (block.type === "text" ? block.text : "")).join("\n");
}

/**
 * The tool the model "decides" to call: a forced one, or on "auto" a weather question in the
 * last turn. A turn that carries tool results is answered in words, so agent loops end.
 */
function toolToCall(request: MessagesRequest): Tool | undefined {
  const { tools, toolChoice } = request;
  const weatherTool = tools.find((tool) => /weather/i.test(tool.name)) ?? tools[0];
  switch (toolChoice.kind) {
    case "none":
      return undefined;
    case "tool":
      return tools.find((tool) => tool.name === toolChoice.name);
    case "any":
      return weatherTool;
    case "auto": {
      const last = request.turns.at(-1);
      if (last?.role !== "user" || last.blocks.some((block) => block.type === "tool_result")) {
        return undefined;
      }
      return /\bweather\b/i.test(turnText(last)) ? weatherTool : undefined;
    }
  }
}

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** "toolu_01" and 22 letters, drawn from the reply's seed so the same question gets the same id. */
function toolUseId(random: Random): string {
  let id = "toolu_01";
  for (let i = 0; i < 22; i += 1) id += ID_ALPHABET.charAt(random.int(0, ID_ALPHABET.length - 1));
  return id;
}

/** What the reply depends on: the conversation and the model; never stream or caps. */
function seedParts(request: MessagesRequest): string[] {
  return [
    "messages",
    request.model,
    JSON.stringify({ system: request.system, turns: request.turns }),
  ];
}

function planReply(request: MessagesRequest): ReplyPlan {
  const random = createRandom(...seedParts(request));
  const tool = toolToCall(request);
  if (tool) {
    const lastUser = request.turns.filter((turn) => turn.role === "user").at(-1);
    const input = valueForSchema(tool.inputSchema, random, {
      location: locationHint(turnText(lastUser)),
    });
    const cut = truncateToTokens(JSON.stringify(input), request.maxTokens);
    return {
      // A call cut short by max_tokens has no complete input to give.
      blocks: [
        {
          type: "tool_use",
          id: toolUseId(random),
          name: tool.name,
          input: cut.truncated ? {} : input,
          json: cut.text,
        },
      ],
      stopReason: cut.truncated ? "max_tokens" : "tool_use",
      stopSequence: null,
      outputTokens: countTokens(tool.name) + countTokens(cut.text),
    };
  }
  const full = replyText(random);
  const stopped = applyStop(full, request.stopSequences);
  const stopSequence = stopped.stopped
    ? (request.stopSequences.find((sequence) => full.startsWith(sequence, stopped.text.length)) ??
      null)
    : null;
  const cut = truncateToTokens(stopped.text, request.maxTokens);
  return {
    blocks: cut.text === "" ? [] : [{ type: "text", text: cut.text }],
    stopReason: cut.truncated ? "max_tokens" : stopSequence !== null ? "stop_sequence" : "end_turn",
    stopSequence: cut.truncated ? null : stopSequence,
    outputTokens: countTokens(cut.text),
  };
}

/** Input tokens by the sim's one accounting (OpenAI's), applied to the same content. */
function inputTokens(request: MessagesRequest): number {
  const messages: PromptMessage[] = request.system
    ? [{ role: "system", content: request.system }]
    : [];
  for (const turn of request.turns) {
    const parts: ContentPart[] = [];
    const calls: { function: { name: string; arguments: string } }[] = [];
    for (const block of turn.blocks) {
      if (block.type === "text") parts.push({ type: "text", text: block.text });
      else if (block.type === "image") parts.push({ type: "image_url" });
      else if (block.type === "tool_result") parts.push({ type: "text", text: block.text });
      else calls.push({ function: { name: block.name, arguments: JSON.stringify(block.input) } });
    }
    messages.push({
      role: turn.role,
      content: parts,
      ...(calls.length > 0 ? { tool_calls: calls } : {}),
    });
  }
  return countChatPromptTokens(messages) + countToolDefinitionTokens(request.rawTools);
}

function contentBlock(block: OutputBlock) {
  return block.type === "text"
    ? { type: "text", text: block.text }
    : { type: "tool_use", id: block.id, name: block.name, input: block.input };
}

interface SseEvent {
  event: string;
  data: unknown;
}

/** Anthropic's event sequence; text and tool input arrive one token piece per delta. */
function streamEvents(
  message: { id: string; model: string; inputTokens: number },
  plan: ReplyPlan,
): SseEvent[] {
  const events: SseEvent[] = [
    {
      event: "message_start",
      data: {
        type: "message_start",
        message: {
          id: message.id,
          type: "message",
          role: "assistant",
          model: message.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: usageOf(message.inputTokens, 1),
        },
      },
    },
  ];
  const ping = { event: "ping", data: { type: "ping" } };
  for (const [index, block] of plan.blocks.entries()) {
    const start =
      block.type === "text"
        ? { type: "text", text: "" }
        : { type: "tool_use", id: block.id, name: block.name, input: {} };
    events.push({
      event: "content_block_start",
      data: { type: "content_block_start", index, content_block: start },
    });
    if (index === 0) events.push(ping);
    const pieces = tokenPieces(encodeText(block.type === "text" ? block.text : block.json)).map(
      (piece) => piece.text,
    );
    const deltas =
      block.type === "text"
        ? pieces.map((text) => ({ type: "text_delta", text }))
        : ["", ...pieces].map((partial) => ({ type: "input_json_delta", partial_json: partial }));
    for (const delta of deltas) {
      events.push({
        event: "content_block_delta",
        data: { type: "content_block_delta", index, delta },
      });
    }
    events.push({ event: "content_block_stop", data: { type: "content_block_stop", index } });
  }
  if (plan.blocks.length === 0) events.push(ping);
  events.push(
    {
      event: "message_delta",
      data: {
        type: "message_delta",
        delta: { stop_reason: plan.stopReason, stop_sequence: plan.stopSequence },
        usage: { output_tokens: plan.outputTokens },
      },
    },
    { event: "message_stop", data: { type: "message_stop" } },
  );
  return events;
}

function usageOf(input: number, output: number) {
  return {
    input_tokens: input,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: output,
    service_tier: "standard",
  };
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(text)),
  });
  res.end(text);
}

function write(res: ServerResponse, text: string, signal: AbortSignal): Promise<void> {
  // As in sse.ts: a reset that follows cannot swallow a write that reached the socket.
  return new Promise((resolve) => {
    const done = (): void => {
      signal.removeEventListener("abort", done);
      resolve();
    };
    signal.addEventListener("abort", done, { once: true });
    res.write(text, done);
  });
}

/** `event: <name>\ndata: <json>\n\n` per event; the stream simply ends after message_stop. */
async function sendEvents(
  res: ServerResponse,
  headers: Record<string, string>,
  events: readonly SseEvent[],
  plan: { intervalMs: number; resetAfterEvents: number | undefined; signal: AbortSignal },
): Promise<void> {
  res.writeHead(200, {
    ...headers,
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  res.flushHeaders();
  let written = 0;
  for (const { event, data } of events) {
    if (plan.signal.aborted) return;
    if (plan.resetAfterEvents !== undefined && written >= plan.resetAfterEvents) break;
    if (written > 0 && plan.intervalMs > 0) {
      try {
        await sleep(plan.intervalMs, undefined, { signal: plan.signal });
      } catch {
        return;
      }
    }
    await write(res, `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`, plan.signal);
    written += 1;
  }
  if (plan.resetAfterEvents !== undefined) {
    res.socket?.destroy();
    return;
  }
  if (!plan.signal.aborted) res.end();
}

export interface MessagesExchange {
  requestHeaders: IncomingHttpHeaders;
  /** The body as the server read it; `ok: false` when it was not JSON. */
  body: { ok: true; value: unknown } | { ok: false };
  res: ServerResponse;
  settings: { apiKey: string | undefined; latencyMs: number; tokensPerSecond: number };
  faults: FaultSwitches;
  /** Fires when the client goes away. */
  signal: AbortSignal;
}

async function answer(exchange: MessagesExchange, headers: Record<string, string>): Promise<void> {
  const { requestHeaders, body, res, settings, signal } = exchange;
  checkHeaders(requestHeaders, settings.apiKey);
  // The same switches and x-sim-* headers as the OpenAI routes, in the same order.
  const fault = faultFromHeaders(requestHeaders) ?? exchange.faults.take();
  const latency = integerHeader(requestHeaders, "x-sim-latency-ms") ?? settings.latencyMs;
  const tokensPerSecond =
    integerHeader(requestHeaders, "x-sim-tokens-per-second") ?? settings.tokensPerSecond;
  const firstByteDelay = latency + (fault?.slowFirstByteMs ?? 0);
  if (firstByteDelay > 0) {
    try {
      await sleep(firstByteDelay, undefined, { signal });
    } catch {
      return;
    }
  }
  if (fault?.status !== undefined) throw faultError(fault.status, fault.retryAfterSeconds);
  if (!body.ok) throw invalid("There was an issue with your request body: it is not valid JSON.");

  const request = parseRequest(body.value);
  const plan = planReply(request);
  const message = {
    id: newId("msg_01", 22),
    model: request.model,
    inputTokens: inputTokens(request),
  };

  if (request.stream) {
    await sendEvents(res, headers, streamEvents(message, plan), {
      intervalMs: tokensPerSecond > 0 ? 1000 / tokensPerSecond : 0,
      resetAfterEvents: fault?.resetAfterChunks,
      signal,
    });
    return;
  }
  if (fault?.resetAfterChunks !== undefined) {
    res.socket?.destroy();
    return;
  }
  const generation = tokensPerSecond > 0 ? (plan.outputTokens / tokensPerSecond) * 1000 : 0;
  if (generation > 0) {
    try {
      await sleep(generation, undefined, { signal });
    } catch {
      return;
    }
  }
  sendJson(
    res,
    200,
    {
      id: message.id,
      type: "message",
      role: "assistant",
      model: message.model,
      content: plan.blocks.map(contentBlock),
      stop_reason: plan.stopReason,
      stop_sequence: plan.stopSequence,
      usage: usageOf(message.inputTokens, plan.outputTokens),
    },
    headers,
  );
}

/** Serves POST /v1/messages start to finish; every failure is answered in Anthropic's shape. */
export async function serveMessages(exchange: MessagesExchange): Promise<void> {
  const requestId = newRequestId();
  const headers = { "request-id": requestId };
  try {
    await answer(exchange, headers);
  } catch (error) {
    if (!(error instanceof SimError)) throw error;
    if (exchange.res.headersSent) {
      exchange.res.destroy();
      return;
    }
    sendJson(exchange.res, error.status, errorBody(error, requestId), {
      ...headers,
      ...error.headers,
    });
  }
}
