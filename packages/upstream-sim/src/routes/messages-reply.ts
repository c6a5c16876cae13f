// What the simulated model answers: a tool call when it "decides" on one, otherwise the shared
// reply text cut by stop sequences and max_tokens; seeded by the conversation, so repeatable.
import { type JsonValue, locationHint, valueForSchema } from "../json-value.ts";
import { createRandom, type Random } from "../random.ts";
import { applyStop, replyText } from "../text.ts";
import {
  type ContentPart,
  countChatPromptTokens,
  countTokens,
  countToolDefinitionTokens,
  type PromptMessage,
  truncateToTokens,
} from "../tokens.ts";
import { type CacheUsage, NO_CACHE } from "./messages-cache.ts";
import type { Turn } from "./messages-content.ts";
import type { MessagesRequest, Tool } from "./messages-request.ts";

type StopReason = "end_turn" | "max_tokens" | "stop_sequence" | "tool_use";

export type OutputBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: JsonValue; json: string };

export interface ReplyPlan {
  blocks: OutputBlock[];
  stopReason: StopReason;
  stopSequence: string | null;
  outputTokens: number;
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

export function planReply(request: MessagesRequest): ReplyPlan {
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
      outputTokens: countTokens(tool.name) + cut.tokens,
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
    outputTokens: cut.tokens,
  };
}

/** Input tokens by the sim's one accounting (OpenAI's), applied to the same content. */
export function inputTokens(request: MessagesRequest): number {
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

/** Anthropic's usage: input_tokens is the prompt left after what the cache read or wrote. */
export function usageOf(input: number, output: number, cache: CacheUsage = NO_CACHE) {
  return {
    input_tokens: input - cache.read - cache.creation,
    cache_creation_input_tokens: cache.creation,
    cache_read_input_tokens: cache.read,
    output_tokens: output,
    service_tier: "standard",
  };
}
