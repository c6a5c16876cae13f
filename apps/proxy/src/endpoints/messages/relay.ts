// A Messages call's answer, in Anthropic's shape whoever served it, and what it used. Upstream
// errors become Anthropic errors and use nothing. A stream cut short, or an answer without a
// usage we can read, is charged by our count of the prompt and of what was delivered.
import {
  type AnswerContext,
  type AnswerOutcome,
  countDelivered,
  USAGE_ESTIMATED,
} from "../../call/answer.ts";
import type { Forwarded } from "../../channels/forward.ts";
import { upstreamError } from "../../channels/upstream-error.ts";
import { anthropicErrorShape } from "../../dialects/anthropic/errors.ts";
import { type MessageUsage, messageFromChat } from "../../dialects/anthropic/from-chat.ts";
import { messageEvents } from "../../dialects/anthropic/message-events.ts";
import { sendJson } from "../../http/openai-error.ts";
import type { StreamOutcome } from "../../streaming/sse-relay.ts";
import { type Estimate, record, tokenUsage, type Usage, withImages } from "../types.ts";
import { relayChatStream, relayNativeStream } from "./streams.ts";
import { messageUsage } from "./usage.ts";

function isJson(contentType: unknown): boolean {
  return typeof contentType === "string" && /^application\/json\b/i.test(contentType.trim());
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The text an Anthropic message generated: its text blocks and tool calls. */
function messageText(message: unknown): string {
  const content = record(message).content;
  let text = "";
  for (const item of Array.isArray(content) ? content : []) {
    const block = record(item);
    if (typeof block.text === "string") text += block.text;
    if (block.type === "tool_use") text += `${String(block.name)}${JSON.stringify(block.input)}`;
  }
  return text;
}

function counted(estimate: Estimate, text: string, modelId: string): Usage {
  return {
    promptTokens: estimate.promptTokens,
    completionTokens: countDelivered(text, estimate, modelId),
    cachedTokens: 0,
    images: 0,
  };
}

function asMessageUsage(usage: Usage): MessageUsage {
  return {
    input_tokens: usage.promptTokens - usage.cachedTokens,
    output_tokens: usage.completionTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: usage.cachedTokens,
  };
}

/** A stream's charge: its own usage when it ended whole, else never less than what it carried. */
function streamCharge(ctx: AnswerContext, outcome: StreamOutcome): AnswerOutcome {
  if (outcome.completed && outcome.usage) {
    return { usage: withImages(outcome.usage, 0), errorCode: null };
  }
  const ours = counted(ctx.estimate, outcome.text, ctx.modelId);
  return {
    usage: {
      promptTokens: outcome.usage?.promptTokens ?? ours.promptTokens,
      completionTokens: Math.max(outcome.usage?.completionTokens ?? 0, ours.completionTokens),
      cachedTokens: outcome.usage?.cachedTokens ?? 0,
      images: 0,
    },
    errorCode: outcome.completed ? USAGE_ESTIMATED : "stream_interrupted",
  };
}

export async function relayMessagesAnswer(
  ctx: AnswerContext,
  forwarded: Forwarded,
): Promise<AnswerOutcome> {
  const { res, requestId, estimate, modelId } = ctx;
  const { response, provider, viaChat } = forwarded;
  const { headers } = ctx;
  headers["request-id"] = requestId;

  if (response.statusCode >= 400) {
    const text = await response.body.text().catch(() => "");
    const error = upstreamError(provider, response.statusCode, text);
    const shaped = anthropicErrorShape(error, requestId);
    sendJson(res, shaped.status, shaped.body, { ...headers, ...error.headers });
    return { errorCode: error.code ?? error.type };
  }

  if (ctx.stream && !isJson(response.headers["content-type"])) {
    res.writeHead(response.statusCode, {
      ...headers,
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
    });
    const outcome = viaChat
      ? await relayChatStream(response.body, res, {
          requestedModel: modelId,
          promptTokens: estimate.promptTokens,
          fallback: (text) => asMessageUsage(counted(estimate, text, modelId)),
        })
      : await relayNativeStream(response.body, res, modelId);
    // A stream the upstream broke off is broken off for the client too, not ended as if whole.
    if (!outcome.completed) res.destroy();
    else if (!res.writableEnded) res.end();
    return streamCharge(ctx, outcome);
  }

  const text = await response.body.text();
  const raw = parseJson(text);
  if (raw === undefined) {
    // Not JSON at all: relayed as it came, charged by our count of it.
    res.writeHead(response.statusCode, headers);
    res.end(text);
    return { usage: counted(estimate, text, modelId), errorCode: USAGE_ESTIMATED };
  }
  let message: Record<string, unknown>;
  let usage: Usage | undefined;
  if (viaChat) {
    const chat = provider.wholeAnswer(raw, modelId).answer;
    message = messageFromChat(chat, modelId);
    const reported = tokenUsage(chat);
    usage = reported && withImages(reported, 0);
  } else {
    message = record(raw);
    usage = messageUsage(raw);
  }
  const outcome: AnswerOutcome = usage
    ? { usage, errorCode: null }
    : { usage: counted(estimate, messageText(message), modelId), errorCode: USAGE_ESTIMATED };
  if (!usage && viaChat && outcome.usage) message.usage = asMessageUsage(outcome.usage);

  if (ctx.stream) {
    // A lenient server answered a stream request with one body: the client still gets events.
    res.writeHead(response.statusCode, {
      ...headers,
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
    });
    res.end(messageEvents(message).join(""));
  } else if (viaChat) {
    sendJson(res, response.statusCode, message, headers);
  } else {
    // Anthropic's own answer, byte for byte.
    const contentType = response.headers["content-type"];
    res.writeHead(response.statusCode, {
      ...headers,
      "content-type": typeof contentType === "string" ? contentType : "application/json",
      "content-length": String(Buffer.byteLength(text)),
    });
    res.end(text);
  }
  return outcome;
}
