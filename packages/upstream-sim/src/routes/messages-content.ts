// The turns of a Messages request: content blocks checked as Anthropic checks them, same-role
// turns merged, and every tool_use paired with its tool_result.
import { isList, isRecord } from "../params.ts";
import { invalid, required, shouldBe } from "./messages-errors.ts";

type Role = "user" | "assistant";

type Block =
  | { type: "text"; text: string }
  | { type: "image" }
  | { type: "tool_use"; id: string; name: string; input: unknown }
  | { type: "tool_result"; toolUseId: string; text: string };

export interface Turn {
  role: Role;
  blocks: Block[];
}

export function textBlock(value: Record<string, unknown>, at: string): string {
  if (typeof value.text !== "string") throw shouldBe(`${at}.text`, "a valid string");
  if (value.text === "") throw invalid("messages: text content blocks must be non-empty");
  return value.text;
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

/** The request's messages as Anthropic reads them: parsed, merged, tool calls paired. */
export function parseTurns(messages: readonly unknown[]): Turn[] {
  const turns = mergeTurns(messages.map((message, index) => parseMessage(message, index)));
  checkToolPairs(turns);
  return turns;
}
