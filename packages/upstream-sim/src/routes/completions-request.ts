import { SimError } from "../errors.ts";
import {
  type Body,
  checkLogitBias,
  includeUsage,
  invalidType,
  isList,
  missingParam,
  optionalBoolean,
  optionalInteger,
  optionalString,
  requireModel,
  stopSequences,
} from "../params.ts";
import { countTokens, decodeTokens, isValidTokenId } from "../tokens.ts";

export interface Prompt {
  text: string;
  tokens: number;
}

export interface CompletionRequest {
  model: string;
  prompts: Prompt[];
  suffix: string | undefined;
  echo: boolean;
  /** How many top logprobs per token, or undefined for none. */
  logprobs: number | undefined;
  n: number;
  bestOf: number;
  /** Undefined only when the client sent `max_tokens: null`: no cap. */
  maxTokens: number | undefined;
  stop: string[];
  stream: boolean;
  includeUsage: boolean;
  seed: number | undefined;
}

// The legacy endpoint's documented default, so a bare request is cut short like OpenAI's.
const DEFAULT_MAX_TOKENS = 16;

export function parseCompletionRequest(body: Body): CompletionRequest {
  const model = requireModel(body);
  const stream = optionalBoolean(body, "stream") ?? false;
  const n = optionalInteger(body, "n", { min: 1, max: 128 }) ?? 1;
  const bestOf = optionalInteger(body, "best_of", { min: 1, max: 20 }) ?? n;
  if (bestOf < n) {
    throw new SimError(400, "best_of must be greater than or equal to n.", {
      param: "best_of",
      code: "invalid_value",
    });
  }
  if (stream && bestOf > n) {
    throw new SimError(400, "Cannot stream results when best_of is greater than n.", {
      param: "best_of",
      code: "invalid_value",
    });
  }
  checkLogitBias(body);
  optionalString(body, "user");
  return {
    model,
    prompts: parsePrompts(body.prompt),
    suffix: optionalString(body, "suffix"),
    echo: optionalBoolean(body, "echo") ?? false,
    logprobs: optionalInteger(body, "logprobs", { min: 0, max: 5 }),
    n,
    bestOf,
    // max_tokens 0 is allowed here: with echo and logprobs it scores a prompt.
    maxTokens:
      body.max_tokens === null
        ? undefined
        : (optionalInteger(body, "max_tokens", { min: 0 }) ?? DEFAULT_MAX_TOKENS),
    stop: stopSequences(body),
    stream,
    includeUsage: includeUsage(body, stream),
    seed: optionalInteger(body, "seed", { min: Number.MIN_SAFE_INTEGER }),
  };
}

const PROMPT_TYPE = "a string, an array of strings, an array of tokens or an array of token arrays";

/** `prompt` in its four forms: "text", ["a", "b"], [1, 2, 3], [[1, 2], [3]]. */
function parsePrompts(value: unknown): Prompt[] {
  if (value === undefined || value === null) throw missingParam("prompt");
  if (typeof value === "string") return [textPrompt(value)];
  if (!isList(value)) throw invalidType("prompt", PROMPT_TYPE, value);
  if (value.length === 0) {
    throw new SimError(400, "Invalid 'prompt': empty array.", {
      param: "prompt",
      code: "empty_array",
    });
  }
  if (value.every((item) => typeof item === "string")) return value.map(textPrompt);
  if (value.every((item) => typeof item === "number")) return [tokenPrompt(value, "prompt")];
  if (value.every(isList)) {
    return value.map((item, index) => tokenPrompt(item, `prompt[${index}]`));
  }
  throw invalidType("prompt", PROMPT_TYPE, value);
}

function textPrompt(text: string): Prompt {
  return { text, tokens: countTokens(text) };
}

function tokenPrompt(value: readonly unknown[], param: string): Prompt {
  const tokens: number[] = [];
  for (const token of value) {
    if (typeof token !== "number" || !isValidTokenId(token)) {
      throw new SimError(400, `Invalid token in '${param}': ${String(token)}.`, {
        param,
        code: "invalid_value",
      });
    }
    tokens.push(token);
  }
  try {
    return { text: decodeTokens(tokens), tokens: tokens.length };
  } catch {
    throw new SimError(400, `Invalid token in '${param}'.`, { param, code: "invalid_value" });
  }
}
