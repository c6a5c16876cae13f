import { errors } from "../http/openai-error.ts";
import { countPromptInput, countTextTokens, promptBudget } from "../tokenize/index.ts";
import { choices } from "./chat.ts";
import { completionBudget, type MeteredEndpoint, tokenUsage } from "./types.ts";

// The legacy completions API defaults to 16 tokens when max_tokens is absent.
const LEGACY_DEFAULT_MAX_TOKENS = 16;

export const completions: MeteredEndpoint = {
  path: "/completions",
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
    choices(body);
    choices(body, "best_of");
  },
  estimate(body, model) {
    let prompt = countPromptInput((body.prompt ?? "") as Parameters<typeof countPromptInput>[0]);
    if (typeof body.suffix === "string")
      prompt += countTextTokens(body.suffix, model.id, promptBudget());
    const prompts =
      Array.isArray(body.prompt) && body.prompt.some((p) => typeof p !== "number")
        ? body.prompt.length
        : 1;
    const per = completionBudget(body.max_tokens ?? LEGACY_DEFAULT_MAX_TOKENS, model, prompt);
    // echo returns the prompt as generated text too.
    const echo = body.echo === true ? prompt : 0;
    const generations = Math.max(choices(body), choices(body, "best_of")) * prompts;
    return { promptTokens: prompt, maxCompletionTokens: (per + echo) * generations };
  },
  usage: (answer) => ({ ...tokenUsage(answer), images: 0 }),
};
