import { errors } from "../http/openai-error.ts";
import { atLeast, countChatPromptTokens, countToolTokens } from "../tokenize/index.ts";
import {
  completionBudget,
  fitPrompts,
  integerParam,
  invalidType,
  type MeteredEndpoint,
  refuseCapAboveLimit,
  requestedCap,
  tokenUsage,
  withImages,
} from "./types.ts";

/** OpenAI's largest `n` for chat and completions. */
const MAX_CHOICES = 128;

/** How many choices a call asks for (`n`, or another count parameter), 1 when not given. */
export function choices(body: Record<string, unknown>, param = "n", max = MAX_CHOICES): number {
  return integerParam(body, param, { min: 1, max }) ?? 1;
}

// max_completion_tokens replaced max_tokens; upstreams read either (or only the older one).
const CAPS = ["max_completion_tokens", "max_tokens"] as const;

export const chatCompletions: MeteredEndpoint = {
  path: "/chat/completions",
  defaultModel: "chat",
  streams: true,
  streamUsage: true,
  validate(body) {
    if (!Array.isArray(body.messages) || body.messages.length === 0) {
      throw errors.missingParam("messages");
    }
    for (const [i, message] of body.messages.entries()) {
      if (typeof message !== "object" || message === null || Array.isArray(message)) {
        throw invalidType(`messages[${i}]`, "an object", message);
      }
    }
    choices(body);
    requestedCap(body, CAPS, 1);
  },
  estimate(body, model) {
    refuseCapAboveLimit(body, CAPS, model);
    const messages = body.messages as Parameters<typeof countChatPromptTokens>[0];
    const requested = requestedCap(body, CAPS, 1);
    const [prompt = { tokens: 0, atLeast: 0 }] = fitPrompts(
      (budget) => {
        let tokens = countChatPromptTokens(messages, model.id, budget);
        if (Array.isArray(body.tools)) tokens += countToolTokens(body.tools, model.id, budget);
        if (Array.isArray(body.functions)) {
          tokens += countToolTokens(body.functions, model.id, budget);
        }
        return [{ tokens, atLeast: atLeast(tokens, budget) }];
      },
      model,
      requested,
      "messages",
    );
    return {
      promptTokens: prompt.tokens,
      maxCompletionTokens: completionBudget(requested, model, prompt.atLeast) * choices(body),
    };
  },
  usage(answer) {
    const usage = tokenUsage(answer);
    return usage && withImages(usage, 0);
  },
};
