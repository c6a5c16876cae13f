export {
  type ChatContentPart,
  type ChatMessageLike,
  countChatPromptTokens,
  countToolTokens,
} from "./chat.ts";
export { countTextTokens, type EncodingName, encodingForModel } from "./encoding.ts";
export { countPromptInput, type PromptInput } from "./prompt-input.ts";
