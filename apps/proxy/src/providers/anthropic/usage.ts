// Anthropic bills cached prompt tokens apart from fresh ones; OpenAI counts them all as prompt
// tokens and names the cached share. Both mappings (whole answer, stream) go through here.
import { isRecord } from "./json.ts";

export interface AnthropicUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
}

export const NO_USAGE: AnthropicUsage = {
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheCreationTokens: 0,
};

function count(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Reads an Anthropic `usage` object over `base`: a stream's message_delta repeats only what
 * changed (usually just output_tokens), so absent fields keep their earlier values.
 */
export function readAnthropicUsage(
  value: unknown,
  base: AnthropicUsage = NO_USAGE,
): AnthropicUsage {
  if (!isRecord(value)) return base;
  return {
    inputTokens: count(value.input_tokens) ?? base.inputTokens,
    outputTokens: count(value.output_tokens) ?? base.outputTokens,
    cacheReadTokens: count(value.cache_read_input_tokens) ?? base.cacheReadTokens,
    cacheCreationTokens: count(value.cache_creation_input_tokens) ?? base.cacheCreationTokens,
  };
}

/** Whether a `usage` object says what the prompt cost: without it, the usage is not known. */
export function reportsInput(value: unknown): boolean {
  return isRecord(value) && count(value.input_tokens) !== undefined;
}

export function promptTokens(usage: AnthropicUsage): number {
  return usage.inputTokens + usage.cacheReadTokens + usage.cacheCreationTokens;
}

/** OpenAI's chat usage object, in its full shape. */
export function toOpenAIUsage(usage: AnthropicUsage) {
  const prompt = promptTokens(usage);
  return {
    prompt_tokens: prompt,
    completion_tokens: usage.outputTokens,
    total_tokens: prompt + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cacheReadTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}
