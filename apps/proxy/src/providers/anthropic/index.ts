// Anthropic behind an OpenAI face: the provider, and its request, answer, stream and error
// mappings for tests and tools.
export { ANTHROPIC_VERSION, anthropicHeaders } from "./headers.ts";
export { anthropicProvider } from "./provider.ts";
export { DEFAULT_MAX_TOKENS, toAnthropicRequest, UnsupportedParameterError } from "./request.ts";
export { fromAnthropicError, fromAnthropicResponse } from "./response.ts";
export {
  type AnthropicStreamOptions,
  type AnthropicStreamTranslator,
  createAnthropicStreamTranslator,
  type StreamUsage,
} from "./stream.ts";
export { reportsInput as anthropicReportsUsage } from "./usage.ts";
