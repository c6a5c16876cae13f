// POST /v1/messages: Anthropic's Messages API, for Claude Code and the Anthropic SDKs. Anthropic
// channels are sent the body as it is; every other channel a chat completion, whose answer and
// stream come back in Anthropic's shape. Held like chat (max_tokens is required, as Anthropic
// requires it), charged from the usage the upstream reports, cache reads at the cached price.
import { anthropicErrorShape } from "../../dialects/anthropic/errors.ts";
import { countMessagesPrompt } from "../../dialects/anthropic/prompt.ts";
import { toChatRequest } from "../../dialects/anthropic/to-chat.ts";
import { OpenAIError } from "../../http/openai-error.ts";
import { atLeast } from "../../tokenize/index.ts";
import type { Dialect } from "../dialect.ts";
import {
  completionBudget,
  fitPrompts,
  type MeteredEndpoint,
  record,
  refuseCapAboveLimit,
} from "../types.ts";
import { relayMessagesAnswer } from "./relay.ts";
import { messageUsage } from "./usage.ts";

/** Anthropic words a refusal as "<dotted.path>: <what is wrong>". */
export function invalidRequest(param: string, message: string): OpenAIError {
  return new OpenAIError(400, message, "invalid_request_error", "invalid_value", param);
}

/** Checks what Anthropic checks before anything is counted: the refusals its clients expect. */
export function validateMessagesBody(body: Record<string, unknown>): void {
  const { messages } = body;
  if (messages === undefined) throw invalidRequest("messages", "messages: Field required");
  if (!Array.isArray(messages)) {
    throw invalidRequest("messages", "messages: Input should be a valid list");
  }
  if (messages.length === 0) {
    throw invalidRequest("messages", "messages: at least one message is required");
  }
  for (const [index, message] of messages.entries()) {
    const { role, content } = record(message);
    if (role !== "user" && role !== "assistant") {
      throw invalidRequest(
        `messages.${index}.role`,
        `messages.${index}.role: Input should be 'user' or 'assistant'`,
      );
    }
    if (typeof content !== "string" && !Array.isArray(content)) {
      throw invalidRequest(
        `messages.${index}.content`,
        `messages.${index}.content: Input should be a valid string or list`,
      );
    }
  }
  if (body.stream !== undefined && typeof body.stream !== "boolean") {
    throw invalidRequest("stream", "stream: Input should be a valid boolean");
  }
  if (body.tools !== undefined && !Array.isArray(body.tools)) {
    throw invalidRequest("tools", "tools: Input should be a valid list");
  }
}

function maxTokens(body: Record<string, unknown>): number {
  const value = body.max_tokens;
  if (value === undefined || value === null) {
    throw invalidRequest("max_tokens", "max_tokens: Field required");
  }
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw invalidRequest("max_tokens", "max_tokens: Input should be a valid integer");
  }
  if (value < 1) {
    throw invalidRequest("max_tokens", "max_tokens: Input should be greater than or equal to 1");
  }
  return value;
}

export const anthropicMessages: Dialect = {
  native: (provider) => provider === "ANTHROPIC",
  toChat: toChatRequest,
  relay: relayMessagesAnswer,
  keyHeader: "x-api-key",
  passHeaders: ["anthropic-beta"],
  errorShape: anthropicErrorShape,
};

export const messages: MeteredEndpoint = {
  path: "/messages",
  streams: true,
  // The chat translation asks for stream usage itself; Anthropic's streams always carry it.
  streamUsage: false,
  dialect: anthropicMessages,
  validate(body) {
    validateMessagesBody(body);
    maxTokens(body);
  },
  estimate(body, model) {
    refuseCapAboveLimit(body, ["max_tokens"], model);
    const requested = maxTokens(body);
    const [prompt = { tokens: 0, atLeast: 0 }] = fitPrompts(
      (budget) => {
        const tokens = countMessagesPrompt(body, model.id, budget);
        return [{ tokens, atLeast: atLeast(tokens, budget) }];
      },
      model,
      requested,
      "messages",
    );
    return {
      promptTokens: prompt.tokens,
      maxCompletionTokens: completionBudget(requested, model, prompt.atLeast),
    };
  },
  usage: messageUsage,
};
