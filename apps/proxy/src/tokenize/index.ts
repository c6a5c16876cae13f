export {
  type ChatContentPart,
  type ChatMessageLike,
  countChatPromptTokens,
  countToolTokens,
} from "./chat.ts";
export {
  atLeast,
  type CountBudget,
  countsExactly,
  countTextTokens,
  type EncodingName,
  EXACT_PROMPT_CHARS,
  encodingForModel,
  promptBudget,
  warmEncoders,
} from "./encoding.ts";
export {
  countPromptInput,
  countPrompts,
  type PromptCount,
  type PromptInput,
} from "./prompt-input.ts";
