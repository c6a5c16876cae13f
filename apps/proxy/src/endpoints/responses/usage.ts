import { record, type Usage } from "../types.ts";

/** A response's usage: input and output tokens, reasoning tokens inside the output. */
export function responseUsage(answer: unknown): Usage | undefined {
  const usage = record(record(answer).usage);
  const count = (value: unknown) =>
    typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;
  const promptTokens = count(usage.input_tokens);
  const completionTokens = count(usage.output_tokens);
  if (promptTokens === undefined || completionTokens === undefined) return undefined;
  const cached = count(record(usage.input_tokens_details).cached_tokens) ?? 0;
  return { promptTokens, completionTokens, cachedTokens: cached, images: 0 };
}
