import { createRandom } from "./random.ts";
import { alternativeWords } from "./text.ts";
import type { TokenPiece } from "./tokens.ts";

/** One token's log probability and its runners-up; the chosen token is always the likeliest. */
export interface TokenLogprob {
  token: string;
  logprob: number;
  alternatives: { token: string; logprob: number }[];
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Deterministic logprobs for each piece of a text, seeded by the text itself and `seed`. */
export function logprobsFor(
  pieces: readonly TokenPiece[],
  alternatives: number,
  seed: string,
): TokenLogprob[] {
  return pieces.map((piece, index) => {
    const random = createRandom("logprob", seed, String(index), piece.text);
    const logprob = round(-(random.next() ** 2) * 2.5);
    let next = logprob;
    return {
      token: piece.text,
      logprob,
      alternatives: alternativeWords(random, alternatives, piece.text).map((token) => {
        next = round(next - 0.5 - random.next() * 3);
        return { token, logprob: next };
      }),
    };
  });
}

const bytesOf = (text: string): number[] => [...Buffer.from(text, "utf8")];

/** Chat's `logprobs.content` entries; `top` counts the chosen token, as OpenAI's does. */
export function chatLogprobContent(entries: readonly TokenLogprob[], top: number) {
  return entries.map((entry) => ({
    token: entry.token,
    logprob: entry.logprob,
    bytes: bytesOf(entry.token),
    top_logprobs:
      top === 0
        ? []
        : [
            { token: entry.token, logprob: entry.logprob, bytes: bytesOf(entry.token) },
            ...entry.alternatives.slice(0, top - 1).map((alt) => ({
              token: alt.token,
              logprob: alt.logprob,
              bytes: bytesOf(alt.token),
            })),
          ],
  }));
}

export interface CompletionLogprobs {
  tokens: string[];
  token_logprobs: (number | null)[];
  top_logprobs: (Record<string, number> | null)[] | null;
  text_offset: number[];
}

/**
 * The legacy completions shape. With `echo`, the prompt's first token has no logprob (nothing
 * came before it), so its entries are null, as OpenAI returns them.
 */
export function completionLogprobs(
  entries: readonly TokenLogprob[],
  top: number,
  options: { startOffset: number; firstIsNull: boolean },
): CompletionLogprobs {
  const out: CompletionLogprobs = {
    tokens: [],
    token_logprobs: [],
    top_logprobs: [],
    text_offset: [],
  };
  let offset = options.startOffset;
  entries.forEach((entry, index) => {
    const isNull = options.firstIsNull && index === 0;
    out.tokens.push(entry.token);
    out.token_logprobs.push(isNull ? null : entry.logprob);
    const topMap: Record<string, number> = { [entry.token]: entry.logprob };
    for (const alt of entry.alternatives.slice(0, Math.max(0, top - 1)))
      topMap[alt.token] = alt.logprob;
    out.top_logprobs?.push(isNull ? null : topMap);
    out.text_offset.push(offset);
    offset += entry.token.length;
  });
  return out;
}

/** A candidate's mean logprob: how `best_of` ranks completions. */
export function meanLogprob(entries: readonly TokenLogprob[]): number {
  if (entries.length === 0) return 0;
  return entries.reduce((sum, entry) => sum + entry.logprob, 0) / entries.length;
}
