import { newId, SYSTEM_FINGERPRINT } from "../ids.ts";
import { completionLogprobs, logprobsFor, meanLogprob, type TokenLogprob } from "../logprobs.ts";
import { asBody } from "../params.ts";
import { createRandom } from "../random.ts";
import { nowSeconds, type Route } from "../route.ts";
import { roundRobin } from "../sse.ts";
import { applyStop, replyText } from "../text.ts";
import { countTokens, encodeText, tokenPieces, truncateToTokens } from "../tokens.ts";
import { completionUsage } from "../usage.ts";
import {
  type CompletionRequest,
  type Prompt,
  parseCompletionRequest,
} from "./completions-request.ts";

interface Candidate {
  text: string;
  finishReason: "stop" | "length";
  tokens: number;
  entries: TokenLogprob[];
}

/** Up to 5 alternatives are asked for; the chosen token is one of the `top` entries. */
const ALTERNATIVES = 4;

function candidate(request: CompletionRequest, prompt: Prompt, index: number): Candidate {
  const seed = [
    "completion",
    request.model,
    prompt.text,
    request.suffix ?? "",
    String(request.seed ?? ""),
  ];
  const random = createRandom(...seed, String(index));
  // Instruct models usually open a fresh paragraph before answering.
  const stopped = applyStop(`\n\n${replyText(random)}`, request.stop);
  const cut = truncateToTokens(stopped.text, request.maxTokens ?? Number.POSITIVE_INFINITY);
  const text = cut.text;
  return {
    text,
    finishReason: cut.truncated ? "length" : "stop",
    tokens: cut.tokens,
    entries: logprobsFor(tokenPieces(encodeText(text)), ALTERNATIVES, `${seed.join()}:${index}`),
  };
}

/** best_of: generate that many, return the `n` with the highest mean logprob. */
function choose(
  request: CompletionRequest,
  prompt: Prompt,
): { chosen: Candidate[]; generated: number } {
  const all = Array.from({ length: request.bestOf }, (_, index) =>
    candidate(request, prompt, index),
  );
  const generated = all.reduce((sum, c) => sum + c.tokens, 0);
  if (request.bestOf === request.n) return { chosen: all, generated };
  const ranked = [...all].sort((a, b) => meanLogprob(b.entries) - meanLogprob(a.entries));
  return { chosen: ranked.slice(0, request.n), generated };
}

function promptEntries(prompt: Prompt): TokenLogprob[] {
  return logprobsFor(tokenPieces(encodeText(prompt.text)), ALTERNATIVES, `prompt:${prompt.text}`);
}

function logprobsBody(request: CompletionRequest, prompt: Prompt, entries: TokenLogprob[]) {
  if (request.logprobs === undefined) return null;
  if (!request.echo) {
    return completionLogprobs(entries, request.logprobs, {
      startOffset: prompt.text.length,
      firstIsNull: false,
    });
  }
  return completionLogprobs([...promptEntries(prompt), ...entries], request.logprobs, {
    startOffset: 0,
    firstIsNull: true,
  });
}

export const completions: Route = {
  method: "POST",
  path: "/v1/completions",
  handle: ({ body }) => {
    const request = parseCompletionRequest(asBody(body));
    const perPrompt = request.prompts.map((prompt) => ({ prompt, ...choose(request, prompt) }));
    // Suffix tokens are input too, once per prompt they are appended to.
    const suffixTokens = request.suffix === undefined ? 0 : countTokens(request.suffix);
    const promptTokens = request.prompts.reduce((sum, p) => sum + p.tokens + suffixTokens, 0);
    const completionTokens = perPrompt.reduce((sum, p) => sum + p.generated, 0);
    const usage = completionUsage(promptTokens, completionTokens);
    const envelope = {
      id: newId("cmpl-"),
      object: "text_completion",
      created: nowSeconds(),
      model: request.model,
      system_fingerprint: SYSTEM_FINGERPRINT,
    };

    if (!request.stream) {
      const choices = perPrompt.flatMap(({ prompt, chosen }, promptIndex) =>
        chosen.map((c, k) => ({
          text: request.echo ? prompt.text + c.text : c.text,
          index: promptIndex * request.n + k,
          logprobs: logprobsBody(request, prompt, c.entries),
          finish_reason: c.finishReason,
        })),
      );
      return {
        kind: "json",
        generatedTokens: completionTokens,
        body: { ...envelope, choices, usage },
      };
    }

    const lists = perPrompt.flatMap(({ prompt, chosen }, promptIndex) =>
      chosen.map((c, k) => {
        const index = promptIndex * request.n + k;
        const pieces = tokenPieces(encodeText(c.text));
        const events: unknown[] = [];
        if (request.echo) {
          const echoed =
            request.logprobs === undefined
              ? null
              : completionLogprobs(promptEntries(prompt), request.logprobs, {
                  startOffset: 0,
                  firstIsNull: true,
                });
          events.push({ text: prompt.text, index, logprobs: echoed, finish_reason: null });
        }
        let offset = prompt.text.length;
        pieces.forEach((piece, at) => {
          const entry = c.entries[at];
          events.push({
            text: piece.text,
            index,
            logprobs:
              request.logprobs === undefined || entry === undefined
                ? null
                : completionLogprobs([entry], request.logprobs, {
                    startOffset: offset,
                    firstIsNull: false,
                  }),
            finish_reason: null,
          });
          offset += piece.text.length;
        });
        events.push({ text: "", index, logprobs: null, finish_reason: c.finishReason });
        return events;
      }),
    );
    const chunk = (choices: unknown[], usageValue: unknown) => ({
      ...envelope,
      choices,
      ...(request.includeUsage ? { usage: usageValue } : {}),
    });
    const events = roundRobin(lists).map((choice) => chunk([choice], null));
    if (request.includeUsage) events.push(chunk([], usage));
    return { kind: "stream", events };
  },
};
