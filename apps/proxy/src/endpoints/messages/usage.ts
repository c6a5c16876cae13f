import { readAnthropicUsage, reportsInput } from "../../providers/anthropic/usage.ts";
import { record, type Usage } from "../types.ts";

/** What an Anthropic message's usage charges: cache reads and writes are prompt tokens too. */
export function messageUsage(answer: unknown): Usage | undefined {
  const raw = record(answer).usage;
  if (!reportsInput(raw)) return undefined;
  const usage = readAnthropicUsage(raw);
  return {
    promptTokens: usage.inputTokens + usage.cacheReadTokens + usage.cacheCreationTokens,
    completionTokens: usage.outputTokens,
    cachedTokens: usage.cacheReadTokens,
    images: 0,
  };
}
