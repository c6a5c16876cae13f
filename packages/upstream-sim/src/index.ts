export { toneSamples, wavFile } from "./audio/wav.ts";
export type { OpenAIErrorBody } from "./errors.ts";
export { DEFAULT_SLOW_MS, type FaultSpec, FaultSwitches } from "./faults.ts";
export type { RecordedRequest } from "./request-log.ts";
export { embeddingVector } from "./routes/embeddings.ts";
export { DEFAULT_MODELS } from "./routes/models.ts";
export { startUpstreamSim, type UpstreamSim, type UpstreamSimOptions } from "./server.ts";
export {
  type ContentPart,
  countChatPromptTokens,
  countTokens,
  countToolDefinitionTokens,
  type PromptMessage,
  TOKEN_ENCODING,
} from "./tokens.ts";
