import { decoder as sharedDecoder } from "gpt-tokenizer/BytePairEncodingCore";
import { decode, decodeGenerator, encode, vocabularySize } from "gpt-tokenizer/encoding/o200k_base";

/** The one encoding the sim counts with (gpt-4o and later); token-array prompts are read in it. */
export const TOKEN_ENCODING = "o200k_base";

// User text may contain strings such as "<|endoftext|>". OpenAI counts them as plain text; the
// library's default would throw, so no special token is recognised here.
const PLAIN_TEXT = { allowedSpecial: new Set<string>(), disallowedSpecial: new Set<string>() };

export function encodeText(text: string): number[] {
  return encode(text, PLAIN_TEXT);
}

// Prompts repeat (a client's system text, a benchmark's one request), and encoding is most of
// what a small call costs the sim: counts of short texts are remembered, a bounded number.
const COUNTED_MAX_CHARS = 1_000;
const COUNTED_MAX_ENTRIES = 10_000;
const counted = new Map<string, number>();

export function countTokens(text: string): number {
  if (text.length > COUNTED_MAX_CHARS) return encodeText(text).length;
  let count = counted.get(text);
  if (count === undefined) {
    count = encodeText(text).length;
    if (counted.size >= COUNTED_MAX_ENTRIES) counted.clear();
    counted.set(text, count);
  }
  return count;
}

// gpt-tokenizer decodes with one shared streaming TextDecoder (exported by its core module): a
// sequence that ends inside a UTF-8 character leaves bytes behind that would corrupt the next
// decode. Flushing after each use drops them, so a character cut in half simply disappears.
function flushDecoder(): void {
  sharedDecoder.decode();
}

/** Text of `tokens`; a character cut at the end is dropped. Throws on an unknown token id. */
export function decodeTokens(tokens: readonly number[]): string {
  try {
    return decode(tokens);
  } finally {
    flushDecoder();
  }
}

/** True if every id is one the encoding can decode. */
export function isValidTokenId(token: number): boolean {
  return Number.isInteger(token) && token >= 0 && token < vocabularySize;
}

export interface TokenPiece {
  text: string;
  tokens: number[];
}

/**
 * Splits tokens into pieces of whole characters, one token per piece where it can: the unit a
 * stream chunk or a logprob entry carries. The pieces' texts join to `decodeTokens(tokens)`.
 */
export function tokenPieces(tokens: readonly number[]): TokenPiece[] {
  const pieces: TokenPiece[] = [];
  let consumed = 0;
  let start = 0;
  // The generator pulls tokens lazily, so `consumed` tells which tokens made each piece.
  function* feed(): Generator<number> {
    for (const token of tokens) {
      consumed += 1;
      yield token;
    }
  }
  try {
    for (const text of decodeGenerator(feed())) {
      pieces.push({ text, tokens: tokens.slice(start, consumed) });
      start = consumed;
    }
  } finally {
    flushDecoder();
  }
  const rest = tokens.slice(start);
  const last = pieces.at(-1);
  if (rest.length > 0) {
    if (last) last.tokens.push(...rest);
    else pieces.push({ text: "", tokens: rest });
  }
  return pieces;
}

/**
 * Cuts `text` to at most `maxTokens` tokens, as a model that hits `max_tokens` stops; `tokens`
 * is the count of the text returned.
 */
export function truncateToTokens(
  text: string,
  maxTokens: number,
): { text: string; truncated: boolean; tokens: number } {
  const tokens = encodeText(text);
  if (tokens.length <= maxTokens) return { text, truncated: false, tokens: tokens.length };
  // Re-encoding a cut can merge differently; step back until the count really fits.
  for (let cut = maxTokens; cut > 0; cut -= 1) {
    const candidate = decodeTokens(tokens.slice(0, cut));
    const count = encodeText(candidate).length;
    if (count <= maxTokens) return { text: candidate, truncated: true, tokens: count };
  }
  return { text: "", truncated: true, tokens: 0 };
}

export interface ContentPart {
  type: string;
  text?: string;
  refusal?: string;
}

export interface PromptMessage {
  role: string;
  content?: string | null | readonly ContentPart[];
  name?: string;
  /** Function calls, or the newer custom-tool calls (`custom.input`). */
  tool_calls?: readonly {
    function?: { name: string; arguments: string };
    custom?: { name: string; input: string };
  }[];
  tool_call_id?: string;
}

// OpenAI bills a low-detail image at 85 tokens; the sim never fetches images, so every image
// part counts that base price.
const IMAGE_PART_TOKENS = 85;

function contentTokens(content: PromptMessage["content"]): number {
  if (content === undefined || content === null) return 0;
  if (typeof content === "string") return countTokens(content);
  let total = 0;
  for (const part of content) {
    if (part.type === "image_url" || part.type === "input_image") total += IMAGE_PART_TOKENS;
    else total += countTokens(part.text ?? part.refusal ?? "");
  }
  return total;
}

/**
 * Prompt tokens of a chat, by OpenAI's published accounting (the cookbook's
 * num_tokens_from_messages for gpt-4o and later): 3 per message, plus the tokens of every
 * field's value, plus 1 more when a name is set, plus 3 priming the assistant's reply.
 */
export function countChatPromptTokens(messages: readonly PromptMessage[]): number {
  let total = 3;
  for (const message of messages) {
    total += 3 + countTokens(message.role) + contentTokens(message.content);
    if (message.name !== undefined) total += countTokens(message.name) + 1;
    if (message.tool_call_id !== undefined) total += countTokens(message.tool_call_id);
    for (const call of message.tool_calls ?? []) {
      const name = call.function?.name ?? call.custom?.name ?? "";
      const input = call.function?.arguments ?? call.custom?.input ?? "";
      total += countTokens(name) + countTokens(input);
    }
  }
  return total;
}

/**
 * Tokens the tool definitions add to a chat prompt. OpenAI renders them into a hidden system
 * text whose exact form is unpublished; the sim counts their JSON, an estimate that is stable.
 */
export function countToolDefinitionTokens(tools: readonly unknown[]): number {
  return tools.length === 0 ? 0 : countTokens(JSON.stringify(tools));
}
