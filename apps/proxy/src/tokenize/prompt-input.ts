// Prompt tokens of /v1/completions `prompt` and /v1/embeddings `input`: text, a batch of texts,
// or the same already tokenized (token arrays count their length).
import { atLeast, type CountBudget, countTextTokens, promptBudget } from "./encoding.ts";

export type PromptInput =
  | string
  | readonly string[]
  | readonly number[]
  | readonly (readonly number[])[];

/** One prompt's tokens: the count the hold is based on, and what the upstream counts at least. */
export interface PromptCount {
  tokens: number;
  atLeast: number;
}

export function countPromptInput(
  input: PromptInput | null | undefined,
  model?: string,
  budget: CountBudget = promptBudget(),
): number {
  return countPrompts(input, model, budget).reduce((sum, p) => sum + p.tokens, 0);
}

/**
 * Each prompt of a batch on its own (a completion is generated for each): a string or a token
 * array is one prompt, an array of strings or of token arrays one per item. Anything else is
 * invalid input the upstream rejects; it counts nothing.
 */
export function countPrompts(
  input: PromptInput | null | undefined,
  model?: string,
  budget: CountBudget = promptBudget(),
): PromptCount[] {
  const text = (value: string): PromptCount => {
    const before = budget.uncertain;
    const tokens = countTextTokens(value, model, budget);
    return { tokens, atLeast: atLeast(tokens, budget, before) };
  };
  const exact = (tokens: number): PromptCount => ({ tokens, atLeast: tokens });
  if (typeof input === "string") return [text(input)];
  if (!Array.isArray(input) || input.length === 0) return [];
  const items = input as readonly unknown[];
  if (items.every((item) => typeof item === "number")) return [exact(items.length)];
  return items.map((item) => {
    if (typeof item === "string") return text(item);
    if (Array.isArray(item)) return exact(item.length);
    return exact(typeof item === "number" ? 1 : 0);
  });
}
