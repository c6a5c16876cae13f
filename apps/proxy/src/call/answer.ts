// Relays an upstream's answer to the client in OpenAI's shape (translating other wire formats)
// and reports what the call used. Upstream errors are relayed and use nothing; a stream cut short
// (client gone, upstream broke) used the prompt and the tokens of the text actually sent. An
// answer that delivered something but reports no usage we can read (a lenient server answering
// HTML or events where JSON was due, JSON without usage, a stream without its usage chunk) is
// never free: it used our count of the prompt and of the text delivered.
import type { ServerResponse } from "node:http";
import type { Forwarded } from "../channels/forward.ts";
import {
  type Estimate,
  type MeteredEndpoint,
  record,
  type Usage,
  withImages,
} from "../endpoints/types.ts";
import { codeMsgBytes } from "../http/code-msg.ts";
import { sendError } from "../http/openai-error.ts";
import { readEventStream } from "../streaming/sse-relay.ts";
import { countTextTokens, promptBudget } from "../tokenize/index.ts";
import { relayAsSent } from "./answer-as-sent.ts";

/** The usage record's error code for a call charged by our own count. */
export const USAGE_ESTIMATED = "usage_estimated";

/** The upstream response headers a client gets; everything else is the upstream's business. */
const RESPONSE_HEADERS = ["content-type", "openai-processing-ms", "openai-version"];

export interface AnswerContext {
  res: ServerResponse;
  requestId: string;
  endpoint: MeteredEndpoint;
  estimate: Estimate;
  /** The model name the client asked for. */
  modelId: string;
  stream: boolean;
  /** The client itself asked for stream_options.include_usage. */
  clientWantsUsage: boolean;
  /** This call's answer headers: the answer adds the upstream's and its own to them in place. */
  headers: Record<string, string>;
}

export interface AnswerOutcome {
  /** What to charge for; undefined: nothing usable was delivered. */
  usage?: Usage;
  errorCode: string | null;
  /** An upstream's refusal, as the client was told it. */
  errorMessage?: string;
}

export async function relayAnswer(
  ctx: AnswerContext,
  forwarded: Forwarded,
): Promise<AnswerOutcome> {
  if (ctx.endpoint.dialect) return ctx.endpoint.dialect.relay(ctx, forwarded);
  const { res, estimate, modelId } = ctx;
  const { response } = forwarded;
  const { headers } = ctx;
  for (const name of RESPONSE_HEADERS) {
    const value = response.headers[name];
    if (typeof value === "string") headers[name] = value;
  }
  const { provider } = forwarded;

  if (response.statusCode >= 400) {
    const text = await response.body.text().catch(() => "");
    const translated = provider.error(response.statusCode, parseJson(text));
    if (translated) {
      sendError(res, translated, ctx.requestId);
    } else {
      res.writeHead(response.statusCode, headers);
      res.end(codeMsgBytes(res.req, response.statusCode, Buffer.from(text)));
    }
    return {
      errorCode: errorCodeOf(text),
      errorMessage: translated?.message ?? errorMessageOf(text),
    };
  }

  if (ctx.endpoint.answerKind) return relayAsSent(ctx, forwarded, headers);

  // A lenient server may answer a stream request with one JSON body: relay and read it as such.
  if (ctx.stream && !isJson(response.headers["content-type"])) {
    headers["cache-control"] = "no-cache";
    res.writeHead(response.statusCode, headers);
    // The client learns the stream has begun when the upstream says so, not at its first event.
    res.flushHeaders();
    const outcome = await provider.relayStream(response.body, res, {
      requestedModel: modelId,
      includeUsage: ctx.clientWantsUsage,
    });
    // A stream the upstream broke off is broken off for the client too, not ended as if whole.
    if (!outcome.completed) res.destroy();
    else if (!res.writableEnded) res.end();
    if (outcome.completed && outcome.usage)
      return { usage: withImages(outcome.usage, 0), errorCode: null };
    const counted = countDelivered(outcome.text, estimate, modelId);
    return {
      usage: {
        promptTokens: outcome.usage?.promptTokens ?? estimate.promptTokens,
        completionTokens: Math.max(outcome.usage?.completionTokens ?? 0, counted),
        cachedTokens: outcome.usage?.cachedTokens ?? 0,
        images: 0,
      },
      errorCode: outcome.completed ? USAGE_ESTIMATED : "stream_interrupted",
    };
  }

  let bytes: Buffer = Buffer.from(await response.body.arrayBuffer());
  const text = bytes.toString("utf8");
  const raw = parseJson(text);
  const whole = raw === undefined ? undefined : provider.wholeAnswer(raw, modelId);
  const answer = whole?.answer;
  if (whole?.translated) {
    bytes = Buffer.from(JSON.stringify(answer));
    headers["content-type"] = "application/json";
  }
  const reported = whole?.reportsUsage ? ctx.endpoint.usage(answer, estimate) : undefined;
  if (ctx.endpoint.fromUpstream && answer !== undefined) {
    bytes = Buffer.from(JSON.stringify(ctx.endpoint.fromUpstream(answer)));
  }
  bytes = codeMsgBytes(
    res.req,
    response.statusCode,
    bytes,
    ctx.endpoint.fromUpstream ? undefined : (answer ?? raw),
  );
  headers["content-length"] = String(bytes.length);
  res.writeHead(response.statusCode, headers);
  res.end(bytes);
  if (reported) return { usage: reported, errorCode: null };
  if (answer === undefined && eventData(text)) {
    // Events where JSON was due: the upstream's own usage if it sent one, else the text's count.
    const events = readEventStream(text);
    if (events.usage) return { usage: withImages(events.usage, 0), errorCode: null };
    return { usage: ourCount(estimate, events.text, modelId), errorCode: USAGE_ESTIMATED };
  }
  const delivered = answer === undefined ? text : generatedText(answer);
  return { usage: ourCount(estimate, delivered, modelId), errorCode: USAGE_ESTIMATED };
}

/**
 * What a call used by our own count: the prompt as estimated, the text delivered counted with
 * the tokenizer (bounded past the exact budget, like a prompt), never more than was held for.
 * Images are charged as asked for, which is what was held.
 */
function ourCount(estimate: Estimate, delivered: string, modelId: string): Usage {
  return {
    promptTokens: estimate.promptTokens,
    completionTokens: countDelivered(delivered, estimate, modelId),
    cachedTokens: 0,
    images: estimate.images?.count ?? 0,
  };
}

export function countDelivered(text: string, estimate: Estimate, modelId: string): number {
  if (!text) return 0;
  return Math.min(countTextTokens(text, modelId, promptBudget()), estimate.maxCompletionTokens);
}

/** The text an OpenAI-shaped answer generated: messages, tool-call arguments, completions. */
function generatedText(answer: unknown): string {
  const choices = record(answer).choices;
  if (!Array.isArray(choices)) return "";
  let text = "";
  for (const item of choices) {
    const choice = record(item);
    const message = record(choice.message);
    if (typeof choice.text === "string") text += choice.text;
    if (typeof message.content === "string") text += message.content;
    if (typeof message.refusal === "string") text += message.refusal;
    for (const call of Array.isArray(message.tool_calls) ? message.tool_calls : []) {
      const args = record(record(call).function).arguments;
      if (typeof args === "string") text += args;
    }
  }
  return text;
}

function isJson(contentType: unknown): boolean {
  return typeof contentType === "string" && /^application\/json\b/i.test(contentType.trim());
}

/** Whether a body reads as server-sent events: some line carries `data:`. */
function eventData(text: string): boolean {
  return /^data:/m.test(text);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorCodeOf(text: string): string {
  const parsed = parseJson(text) as { error?: { code?: unknown; type?: unknown } } | undefined;
  const code = parsed?.error?.code ?? parsed?.error?.type;
  return typeof code === "string" ? code : "upstream_error";
}

function errorMessageOf(text: string): string {
  const parsed = parseJson(text) as { error?: { message?: unknown } } | undefined;
  const message = parsed?.error?.message;
  return typeof message === "string" ? message : text;
}
