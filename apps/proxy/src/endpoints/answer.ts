// Relays an upstream's answer to the client in OpenAI's shape (translating other wire formats)
// and reports what the call used. Upstream errors are relayed and use nothing; a stream cut short
// (client gone, upstream broke) used the prompt and the tokens of the text actually sent.
import type { ServerResponse } from "node:http";
import { sendError } from "../http/openai-error.ts";
import { fromAnthropicError, fromAnthropicResponse } from "../providers/anthropic/index.ts";
import { countTextTokens } from "../tokenize/index.ts";
import { relayAnthropicStream } from "../upstream/anthropic-relay.ts";
import type { Forwarded } from "../upstream/forward.ts";
import { relayOpenAIStream } from "../upstream/sse-relay.ts";
import type { Estimate, MeteredEndpoint, Usage } from "./types.ts";

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
  headers: Record<string, string>;
}

export interface AnswerOutcome {
  /** What to charge for; undefined: nothing usable was delivered. */
  usage?: Usage;
  errorCode: string | null;
}

export async function relayAnswer(
  ctx: AnswerContext,
  forwarded: Forwarded,
): Promise<AnswerOutcome> {
  const { res, estimate, modelId } = ctx;
  const { response } = forwarded;
  const headers: Record<string, string> = { ...ctx.headers };
  for (const name of RESPONSE_HEADERS) {
    const value = response.headers[name];
    if (typeof value === "string") headers[name] = value;
  }
  const anthropic = forwarded.provider.wireFormat === "anthropic";

  if (response.statusCode >= 400) {
    const text = await response.body.text().catch(() => "");
    if (anthropic) {
      sendError(res, fromAnthropicError(response.statusCode, parseJson(text)), ctx.requestId);
    } else {
      res.writeHead(response.statusCode, headers);
      res.end(text);
    }
    return { errorCode: errorCodeOf(text) };
  }

  if (ctx.stream) {
    res.writeHead(response.statusCode, { ...headers, "cache-control": "no-cache" });
    const outcome = anthropic
      ? await relayAnthropicStream(response.body, res, {
          requestedModel: modelId,
          includeUsage: ctx.clientWantsUsage,
        })
      : await relayOpenAIStream(response.body, res, { hideUsageChunk: !ctx.clientWantsUsage });
    // A stream the upstream broke off is broken off for the client too, not ended as if whole.
    if (!outcome.completed) res.destroy();
    else if (!res.writableEnded) res.end();
    if (outcome.completed && outcome.usage)
      return { usage: { ...outcome.usage, images: 0 }, errorCode: null };
    const sent = outcome.text ? countTextTokens(outcome.text, modelId) : 0;
    return {
      usage: {
        promptTokens: outcome.usage?.promptTokens ?? estimate.promptTokens,
        completionTokens: Math.max(outcome.usage?.completionTokens ?? 0, sent),
        cachedTokens: outcome.usage?.cachedTokens ?? 0,
        images: 0,
      },
      errorCode: "stream_interrupted",
    };
  }

  let bytes = Buffer.from(await response.body.arrayBuffer());
  let answer = parseJson(bytes.toString("utf8"));
  if (anthropic && answer !== undefined) {
    answer = fromAnthropicResponse(answer, modelId);
    bytes = Buffer.from(JSON.stringify(answer));
    headers["content-type"] = "application/json";
  }
  const usage = answer === undefined ? undefined : ctx.endpoint.usage(answer, estimate);
  if (ctx.endpoint.fromUpstream && answer !== undefined) {
    bytes = Buffer.from(JSON.stringify(ctx.endpoint.fromUpstream(answer)));
  }
  res.writeHead(response.statusCode, { ...headers, "content-length": String(bytes.length) });
  res.end(bytes);
  return { usage, errorCode: null };
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
