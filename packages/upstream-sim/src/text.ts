import type { Random } from "./random.ts";
import { encodeText } from "./tokens.ts";

// ASCII only: every token then decodes to whole characters, so stream chunks split cleanly.
const WORDS = [
  "the a signal river model answer quiet steady bright window request token stream garden ",
  "morning simple careful engine light reply clear number system question paper north open ",
  "small large road city music table green silver moment story detail plan method result reason ",
  "value field course record market season bridge harbor cloud stone forest winter summer ",
  "journey letter picture pattern balance channel measure promise circle corner follows returns ",
  "builds carries shows keeps finds holds moves brings offers reads writes counts checks turns ",
  "meets leads with from into over under between after before around through and but so because ",
  "while when where every each some many quickly slowly gently often rarely always together ",
  "again still warm cold early late new old long short true final first",
]
  .join("")
  .split(" ");

function sentence(random: Random): string {
  const length = random.int(6, 14);
  const words: string[] = [];
  for (let i = 0; i < length; i += 1) {
    const word = random.pick(WORDS);
    const comma = i > 1 && i < length - 2 && random.next() < 0.08;
    words.push(comma ? `${word},` : word);
  }
  const text = words.join(" ");
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/**
 * Whole sentences until the text holds at least `minTokens` tokens: a reply that ends
 * naturally (finish_reason "stop") at a length chosen by the seed, not by the caller.
 */
export function prose(random: Random, minTokens: number): string {
  let text = sentence(random);
  // Counted a sentence at a time: the encoder splits text before a space-led word, so the count
  // of a text and one more sentence is the two counts added (re-encoding the whole text for
  // every sentence was most of what a reply cost).
  let tokens = encodeText(text).length;
  while (tokens < minTokens) {
    const next = ` ${sentence(random)}`;
    text += next;
    tokens += encodeText(next).length;
  }
  return text;
}

/** A few words, for short string values. */
export function phrase(random: Random, words: number): string {
  return Array.from({ length: words }, () => random.pick(WORDS)).join(" ");
}

/** The default reply: about 20 to 60 tokens, a length drawn from the seed. */
export function replyText(random: Random): string {
  return prose(random, random.int(20, 45));
}

/** Where a stop sequence first appears, the text ends (OpenAI omits the sequence itself). */
export function applyStop(
  text: string,
  stop: readonly string[],
): { text: string; stopped: boolean } {
  let end = -1;
  for (const sequence of stop) {
    const at = text.indexOf(sequence);
    if (at >= 0 && (end < 0 || at < end)) end = at;
  }
  return end < 0 ? { text, stopped: false } : { text: text.slice(0, end), stopped: true };
}

/** Alternative tokens for logprobs: plausible words that are not the chosen one. */
export function alternativeWords(random: Random, count: number, exclude: string): string[] {
  const out: string[] = [];
  while (out.length < count) {
    const word = ` ${random.pick(WORDS)}`;
    if (word !== exclude && !out.includes(word)) out.push(word);
  }
  return out;
}
