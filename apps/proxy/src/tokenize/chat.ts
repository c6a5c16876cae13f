// Prompt tokens of a chat completion request, by the rule of OpenAI's cookbook
// ("How to count tokens with tiktoken"): every message costs 3 tokens of framing plus the tokens
// of each of its fields (a name 1 more), and the reply is primed with 3. Exact for plain text
// messages; tools, images and tool calls are estimates, as OpenAI's own formatting of them is
// not published. Used for the hold, which the actual usage later corrects.
import { type CountBudget, countTextTokens, promptBudget } from "./encoding.ts";

const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_NAME = 1;
const REPLY_PRIMING = 3;
// A high-detail 1024x1024 image on GPT-4o: 85 base + 4 tiles x 170. Flat, so an image is never
// fetched or decoded to count it. Not a true upper bound: larger images, and models that price
// images in more tokens (gpt-4o-mini), cost more; the hold is corrected by the actual usage.
const IMAGE_TOKENS = 765;

export interface ChatContentPart {
  type: string;
  text?: string;
  [field: string]: unknown;
}

export interface ChatMessageLike {
  role: string;
  content?: string | readonly ChatContentPart[] | null;
  name?: string;
  [field: string]: unknown;
}

/** Fields whose tokens the cookbook's rule counts exactly; the rest (tool calls...) are estimates. */
const EXACT_FIELDS = new Set(["role", "content", "name"]);

export function countChatPromptTokens(
  messages: readonly ChatMessageLike[],
  model: string,
  budget: CountBudget = promptBudget(),
): number {
  let total = REPLY_PRIMING;
  for (const message of messages) {
    total += TOKENS_PER_MESSAGE;
    for (const [field, value] of Object.entries(message)) {
      if (value === null || value === undefined) continue;
      if (field === "name") total += TOKENS_PER_NAME;
      if (field === "content") {
        total += countContent(value, model, budget);
        continue;
      }
      const tokens = countValue(value, model, budget);
      if (!EXACT_FIELDS.has(field)) budget.uncertain += tokens;
      total += tokens;
    }
  }
  return total;
}

/**
 * Tokens of tool (or legacy function) definitions: their JSON, an estimate of what the model
 * sees (OpenAI's own rendering of them is not published), so all of it is uncertain.
 */
export function countToolTokens(
  tools: readonly unknown[],
  model?: string,
  budget: CountBudget = promptBudget(),
): number {
  if (tools.length === 0) return 0;
  const tokens = countTextTokens(JSON.stringify(tools), model, budget);
  budget.uncertain += tokens;
  return tokens;
}

function countContent(content: unknown, model: string, budget: CountBudget): number {
  if (!Array.isArray(content)) return countValue(content, model, budget);
  let total = 0;
  for (const part of content) {
    if (typeof part !== "object" || part === null) total += countValue(part, model, budget);
    else if (typeof part.text === "string") total += countTextTokens(part.text, model, budget);
    else if (part.type === "image_url") {
      total += IMAGE_TOKENS;
      budget.uncertain += IMAGE_TOKENS;
    } else if (typeof part.refusal === "string")
      total += countTextTokens(part.refusal, model, budget);
    // Audio and files arrive as base64: the rough 4-characters-a-token rule, without tokenizing
    // megabytes of base64 that the model never sees as text.
    else {
      const estimate = Math.ceil(JSON.stringify(part).length / 4);
      total += estimate;
      budget.uncertain += estimate;
    }
  }
  return total;
}

function countValue(value: unknown, model: string, budget: CountBudget): number {
  if (typeof value === "string") return countTextTokens(value, model, budget);
  const json = JSON.stringify(value);
  return json === undefined ? 0 : countTextTokens(json, model, budget);
}
