// Token counting for holds: how many tokens a request may consume, counted before it is sent.
// Each encoder is a few MB of ranks that take about half a second to load: they are loaded on
// first use (counting stays synchronous), and the proxy warms them right after it starts
// listening (warmEncoders), so start-up does not wait for them.
import { createRequire } from "node:module";
import { type Counted, memoized } from "./memo.ts";

export type EncodingName = "o200k_base" | "cl100k_base";

type Encoder = typeof import("gpt-tokenizer/encoding/o200k_base");

const load = createRequire(import.meta.url);
const encoders: Partial<Record<EncodingName, Encoder>> = {};

function encoder(name: EncodingName): Encoder {
  let loaded = encoders[name];
  if (!loaded) {
    loaded = load(`gpt-tokenizer/cjs/encoding/${name}`) as Encoder;
    encoders[name] = loaded;
  }
  return loaded;
}

/** Loads every encoder now, so that no call pays for it. */
export function warmEncoders(): void {
  encoder("o200k_base");
  encoder("cl100k_base");
}

// Special-token text (<|endoftext|>) in a prompt is plain text to OpenAI, so count it as such
// instead of letting the encoder throw.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

// BPE cost grows with the square of a pre-token's length, and one pre-token can be huge: a run of
// letters with no space (CJK prose, "aaaa..."), of punctuation, or of whitespace: 20,000 CJK
// characters take ~4 s, 400,000 "a"s ~3 min of blocked event loop. Such runs are counted in
// slices instead, in linear time; the sum is off by at most about a token per slice. Runs are
// found by a coarse character class (all non-ASCII counts as letters), which is cheap: a
// Unicode-aware regex scan costs as much as the counting itself.
const SLICE = 128;
const DIGIT = 0;
const SPACE = 1;
const LETTER = 2;
const OTHER = 3;

function charClass(code: number): number {
  if (code >= 48 && code <= 57) return DIGIT;
  if (code === 32 || (code >= 9 && code <= 13)) return SPACE;
  const lower = code | 32;
  if (code >= 128 || (lower >= 97 && lower <= 122)) return LETTER;
  return OTHER;
}

/**
 * The encoding `model` tokenizes with: cl100k_base for the GPT-3.5 / GPT-4 generation and its
 * embeddings, o200k_base for GPT-4o and everything newer (and, as the better guess, for models
 * of other vendors, whose counts are estimates either way).
 */
export function encodingForModel(model: string): EncodingName {
  let name = encodingOf.get(model);
  if (name === undefined) {
    name = encodingByName(model);
    // Model names come from callers: bounded like the counts above.
    if (encodingOf.size >= 1_000) encodingOf.clear();
    encodingOf.set(model, name);
  }
  return name;
}

const encodingOf = new Map<string, EncodingName>();

function encodingByName(model: string): EncodingName {
  return /^(gpt-3\.5|gpt-35|gpt-4(-|$)|text-embedding-(ada-002|3-)|davinci-002|babbage-002)/.test(
    baseName(model),
  )
    ? "cl100k_base"
    : "o200k_base";
}

/**
 * Whether our count is the upstream's own: OpenAI's models tokenize with these encodings; for
 * other vendors' models the count is only an estimate, so it refuses nothing.
 */
export function countsExactly(model: string): boolean {
  return /^(gpt-|chatgpt-|o\d|text-embedding-|davinci-002|babbage-002)/.test(baseName(model));
}

function baseName(model: string): string {
  let name = model.trim().toLowerCase();
  if (name.startsWith("ft:")) name = name.slice(3).split(":", 1)[0] ?? ""; // ft:gpt-4o-mini:org::id
  return name.slice(name.lastIndexOf("/") + 1); // openai/gpt-4o
}

/**
 * How much of one request's prompt is tokenized exactly. Counting runs on the event loop at about
 * 0.6 µs a token, so a 10 MB prompt would stall every other call on this replica for 1.5 s; past
 * this many characters (~100k tokens, ~65 ms) the rest is bounded by its UTF-8 length instead,
 * which is never below its token count (every byte-level BPE token covers at least a byte). Only
 * holds use the bound, and only for prompts this large; the charge is the upstream's usage.
 */
export const EXACT_PROMPT_CHARS = 400_000;

/**
 * What one prompt may still count exactly, shared by all its texts, and how sure the count is:
 * tokens that may not be there (a byte bound, a flat image estimate, the seams of sliced runs)
 * are `uncertain`, so `count - uncertain` is a count the upstream's cannot be below.
 */
export interface CountBudget {
  exactChars: number;
  uncertain: number;
  /** Some text was bounded by its bytes: a larger budget would count it more closely. */
  bounded: boolean;
}

export function promptBudget(exactChars = EXACT_PROMPT_CHARS): CountBudget {
  return { exactChars, uncertain: 0, bounded: false };
}

/**
 * Tokens of `text`, exact; with a budget, exact for as many characters as the budget has left
 * and an upper bound (UTF-8 bytes) for the rest.
 */
export function countTextTokens(text: string, model?: string, budget?: CountBudget): number {
  if (budget && text.length > budget.exactChars) {
    let cut = Math.max(0, budget.exactChars);
    if (cut > 0 && isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
    budget.exactChars = 0;
    const head = cut > 0 ? countExact(text.slice(0, cut), model, budget) : 0;
    const bound = Buffer.byteLength(text.slice(cut), "utf8");
    // Bytes bound tokens from above only; and the cut may split the head's last token.
    budget.uncertain += bound + 1;
    budget.bounded = true;
    return head + bound;
  }
  if (budget) budget.exactChars -= text.length;
  return countExact(text, model, budget);
}

/** Tokens a budget's prompt holds at least, given what it counted. */
export function atLeast(counted: number, budget: CountBudget, before = 0): number {
  return Math.max(0, counted - (budget.uncertain - before));
}

// Short texts recur in every call (roles, names, a tenant's system prompt, tool names): their
// counts are kept, per encoding, up to a bound on entries (then started afresh).
const REMEMBERED = 20_000;
const remembered: Record<EncodingName, Map<string, number>> = {
  o200k_base: new Map(),
  cl100k_base: new Map(),
};

function countShort(name: EncodingName, text: string): number {
  const known = remembered[name];
  let tokens = known.get(text);
  if (tokens === undefined) {
    tokens = encoder(name).countTokens(text, PLAIN_TEXT);
    if (known.size >= REMEMBERED) known.clear();
    known.set(text, tokens);
  }
  return tokens;
}

function countExact(text: string, model?: string, budget?: CountBudget): number {
  const name = model === undefined ? "o200k_base" : encodingForModel(model);
  if (text.length <= SLICE) return countShort(name, text);
  const { tokens, seams } = memoized(name, text, () => countLong(name, text));
  if (budget) budget.uncertain += seams;
  return tokens;
}

function countLong(name: EncodingName, text: string): Counted {
  const encoding = encoder(name);
  let seams = 0;
  const count = (from: number, to: number) =>
    from < to ? encoding.countTokens(text.slice(from, to), PLAIN_TEXT) : 0;
  let total = 0;
  let counted = 0; // text before this is in `total`
  let runStart = 0;
  let runClass = -1;
  for (let i = 0; i <= text.length; i++) {
    const cls = i < text.length ? charClass(text.charCodeAt(i)) : -1;
    if (cls === runClass) continue;
    if (i - runStart > SLICE) {
      total += count(counted, runStart);
      // Each seam (either end of the run, and between slices) may split what would have been
      // one token.
      seams += 1;
      for (let at = runStart; at < i; ) {
        let next = Math.min(at + SLICE, i);
        // Never cut a surrogate pair in two.
        if (next < i && isHighSurrogate(text.charCodeAt(next - 1))) next -= 1;
        total += count(at, next);
        at = next;
        seams += 1;
      }
      counted = i;
    }
    runStart = i;
    runClass = cls;
  }
  return { tokens: total + count(counted, text.length), seams };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
