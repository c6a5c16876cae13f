// Anthropic behind an OpenAI face: request, answer, stream and error mappings, and the headers.
export { DEFAULT_MAX_TOKENS, toAnthropicRequest, UnsupportedParameterError } from "./request.ts";
export { fromAnthropicError, fromAnthropicResponse } from "./response.ts";
export {
  type AnthropicStreamOptions,
  type AnthropicStreamTranslator,
  createAnthropicStreamTranslator,
  type StreamUsage,
} from "./stream.ts";
export { reportsInput as anthropicReportsUsage } from "./usage.ts";

export const ANTHROPIC_VERSION = "2023-06-01";

export function anthropicHeaders(apiKey: string): Record<string, string> {
  return {
    "x-api-key": apiKey,
    "anthropic-version": ANTHROPIC_VERSION,
    "content-type": "application/json",
  };
}
