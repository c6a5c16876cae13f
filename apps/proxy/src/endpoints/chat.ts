import { errors } from "../http/openai-error.ts";
import { countChatPromptTokens, countToolTokens } from "../tokenize/index.ts";
import { completionBudget, type MeteredEndpoint, tokenUsage } from "./types.ts";

export function choices(body: Record<string, unknown>, param = "n"): number {
  const n = body[param];
  if (n === undefined || n === null) return 1;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > 128) {
    throw errors.invalidParam(param, `'${param}' must be an integer between 1 and 128.`);
  }
  return n;
}

export const chatCompletions: MeteredEndpoint = {
  path: "/chat/completions",
  streams: true,
  streamUsage: true,
  validate(body) {
    if (!Array.isArray(body.messages) || body.messages.length === 0) {
      throw errors.missingParam("messages");
    }
    choices(body);
  },
  estimate(body, model) {
    const messages = body.messages as Parameters<typeof countChatPromptTokens>[0];
    let prompt = countChatPromptTokens(messages, model.id);
    if (Array.isArray(body.tools)) prompt += countToolTokens(body.tools);
    if (Array.isArray(body.functions)) prompt += countToolTokens(body.functions);
    const requested = body.max_completion_tokens ?? body.max_tokens;
    return {
      promptTokens: prompt,
      maxCompletionTokens: completionBudget(requested, model, prompt) * choices(body),
    };
  },
  usage: (answer) => ({ ...tokenUsage(answer), images: 0 }),
};
