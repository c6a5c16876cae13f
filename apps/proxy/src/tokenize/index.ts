export {
  type ChatContentPart,
  type ChatMessageLike,
  countChatPromptTokens,
  countToolTokens,
} from "./chat.ts";
export {
  type CountBudget,
  countTextTokens,
  type EncodingName,
  EXACT_PROMPT_CHARS,
  encodingForModel,
  promptBudget,
} from "./encoding.ts";
export { countPromptInput, type PromptInput } from "./prompt-input.ts";
