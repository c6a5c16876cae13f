// Prompt tokens of /v1/completions `prompt` and /v1/embeddings `input`: text, a batch of texts,
// or the same already tokenized (token arrays count their length).
import { countTextTokens, promptBudget } from "./encoding.ts";

export type PromptInput =
  | string
  | readonly string[]
  | readonly number[]
  | readonly (readonly number[])[];

export function countPromptInput(input: PromptInput | null | undefined, model?: string): number {
  const budget = promptBudget();
  if (typeof input === "string") return countTextTokens(input, model, budget);
  if (!Array.isArray(input)) return 0;
  let total = 0;
  for (const item of input as readonly unknown[]) {
    if (typeof item === "string") total += countTextTokens(item, model, budget);
    else if (typeof item === "number") total += 1;
    else if (Array.isArray(item)) total += item.length;
    // Anything else is invalid input the upstream rejects; it holds nothing.
  }
  return total;
}
