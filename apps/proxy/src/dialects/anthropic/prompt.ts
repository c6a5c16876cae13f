// Prompt tokens of a Messages request by our tokenizer, for the hold and for count_tokens: the
// system prompt, each turn's blocks and the tool definitions, counted as the same content would be
// in a chat completion. Blocks chat has no name for (documents, thinking, server tools) are
// counted by their JSON: an estimate, corrected by the upstream's usage when the call is charged.
import { record } from "../../endpoints/types.ts";
import {
  type ChatContentPart,
  type ChatMessageLike,
  type CountBudget,
  countChatPromptTokens,
  countToolTokens,
} from "../../tokenize/index.ts";

function blockPart(value: unknown): ChatContentPart {
  const block = record(value);
  switch (block.type) {
    case "text":
      return { type: "text", text: typeof block.text === "string" ? block.text : "" };
    case "image":
      return { type: "image_url" };
    case "tool_use":
      return { type: "text", text: `${String(block.name)}${JSON.stringify(block.input ?? {})}` };
    case "tool_result": {
      const content = block.content;
      if (typeof content === "string") return { type: "text", text: content };
      const texts = Array.isArray(content)
        ? content.map((part) => record(part).text).filter((text) => typeof text === "string")
        : [];
      return { type: "text", text: texts.join("\n") };
    }
    case "thinking":
      return { type: "text", text: typeof block.thinking === "string" ? block.thinking : "" };
    default:
      return { type: String(block.type), json: JSON.stringify(block) };
  }
}

function promptMessages(body: Record<string, unknown>): ChatMessageLike[] {
  const out: ChatMessageLike[] = [];
  const system = body.system;
  if (typeof system === "string" && system !== "") out.push({ role: "system", content: system });
  if (Array.isArray(system)) out.push({ role: "system", content: system.map(blockPart) });
  for (const item of Array.isArray(body.messages) ? body.messages : []) {
    const message = record(item);
    const role = typeof message.role === "string" ? message.role : "user";
    const { content } = message;
    if (typeof content === "string") out.push({ role, content });
    else if (Array.isArray(content)) out.push({ role, content: content.map(blockPart) });
  }
  return out;
}

export function countMessagesPrompt(
  body: Record<string, unknown>,
  model: string,
  budget: CountBudget,
): number {
  let tokens = countChatPromptTokens(promptMessages(body), model, budget);
  if (Array.isArray(body.tools)) tokens += countToolTokens(body.tools, model, budget);
  return tokens;
}
