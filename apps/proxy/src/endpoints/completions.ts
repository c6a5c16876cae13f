import { errors } from "../http/openai-error.ts";
import { countPrompts, countTextTokens, type PromptInput } from "../tokenize/index.ts";
import { choices } from "./chat.ts";
import {
  completionBudget,
  fitPrompts,
  integerParam,
  type MeteredEndpoint,
  refuseCapAboveLimit,
  requestedCap,
  tokenUsage,
  withImages,
} from "./types.ts";

// The legacy completions API stops at 16 tokens when max_tokens is absent; null means no cap.
const LEGACY_DEFAULT_MAX_TOKENS = 16;
// OpenAI's largest best_of: every candidate is generated and billed.
const MAX_BEST_OF = 20;

/** n and best_of: how many are returned per prompt, and how many are generated (and billed). */
function generations(body: Record<string, unknown>): { n: number; bestOf: number } {
  const n = choices(body);
  const bestOf = integerParam(body, "best_of", { min: 1, max: MAX_BEST_OF }) ?? n;
  if (bestOf < n) {
    throw errors.invalidParam("best_of", "best_of must be greater than or equal to n.");
  }
  if (body.stream === true && bestOf > n) {
    throw errors.invalidParam("best_of", "Cannot stream results when best_of is greater than n.");
  }
  return { n, bestOf };
}

export const completions: MeteredEndpoint = {
  path: "/completions",
  defaultModel: "completions",
  streams: true,
  streamUsage: true,
  validate(body) {
    const prompt = body.prompt;
    const ok =
      prompt === undefined ||
      typeof prompt === "string" ||
      (Array.isArray(prompt) &&
        (prompt.every((p) => typeof p === "string") ||
          prompt.every((p) => typeof p === "number") ||
          prompt.every((p) => Array.isArray(p) && p.every((t) => typeof t === "number"))));
    if (!ok) {
      throw errors.invalidParam(
        "prompt",
        "'prompt' must be a string, an array of strings, an array of tokens or an array of token arrays.",
      );
    }
    generations(body);
    // max_tokens 0 is allowed: with echo and logprobs it scores a prompt. Absent, the documented
    // default is written out, so an upstream with another default cannot outrun the hold.
    requestedCap(body, ["max_tokens"], 0);
    if (body.max_tokens === undefined) body.max_tokens = LEGACY_DEFAULT_MAX_TOKENS;
  },
  estimate(body, model) {
    refuseCapAboveLimit(body, ["max_tokens"], model);
    const requested = requestedCap(body, ["max_tokens"], 0);
    const { n, bestOf } = generations(body);
    const suffix = typeof body.suffix === "string" ? body.suffix : undefined;
    const prompts = fitPrompts(
      (budget) => {
        const counts = countPrompts((body.prompt ?? "") as PromptInput, model.id, budget);
        if (counts.length === 0) counts.push({ tokens: 0, atLeast: 0 });
        if (suffix === undefined) return counts;
        // The suffix is input too, once for every prompt it follows.
        const before = budget.uncertain;
        const tokens = countTextTokens(suffix, model.id, budget);
        const sure = Math.max(0, tokens - (budget.uncertain - before));
        return counts.map((p) => ({ tokens: p.tokens + tokens, atLeast: p.atLeast + sure }));
      },
      model,
      requested,
      "prompt",
    );
    let promptTokens = 0;
    let maxCompletionTokens = 0;
    for (const prompt of prompts) {
      promptTokens += prompt.tokens;
      // Every best_of candidate is generated; echo returns the prompt with each of the n.
      maxCompletionTokens +=
        completionBudget(requested, model, prompt.atLeast) * bestOf +
        (body.echo === true ? prompt.tokens * n : 0);
    }
    return { promptTokens, maxCompletionTokens };
  },
  usage(answer) {
    const usage = tokenUsage(answer);
    return usage && withImages(usage, 0);
  },
};
