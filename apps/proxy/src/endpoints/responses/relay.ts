// The answer to POST /v1/responses, from either kind of channel. A native channel's answer is
// relayed as it is (its usage read from the response, its stream's from response.completed);
// a chat channel's is translated into a response, whole or event by event. Either way a response
// made with `store` on is recorded for its tenant before the client can see its id complete:
// ownership for a native one, the whole turn for a translated one.
import { type AnswerContext, type AnswerOutcome, USAGE_ESTIMATED } from "../../call/answer.ts";
import type { Forwarded } from "../../channels/forward.ts";
import { upstreamError } from "../../channels/upstream-error.ts";
import {
  fromChatCompletion,
  newItemId,
  type ResponseFrame,
  responsesUsage,
} from "../../dialects/responses/response.ts";
import { ChatToResponseEvents } from "../../dialects/responses/stream.ts";
import { sendError, sendJson } from "../../http/openai-error.ts";
import { countTextTokens, promptBudget } from "../../tokenize/index.ts";
import {
  type CallScope,
  type Estimate,
  record,
  tokenUsage,
  type Usage,
  withImages,
} from "../types.ts";
import { relayResponseEvents } from "./native-stream.ts";
import { saveResponse, storedInput } from "./store.ts";
import { responseUsage } from "./usage.ts";

type Json = Record<string, unknown>;

export interface ResponseCall extends CallScope {
  /** The request as the client sent it. */
  body: Json;
}

export async function relayResponse(
  ctx: AnswerContext,
  forwarded: Forwarded,
  call: ResponseCall,
): Promise<AnswerOutcome> {
  const { res, estimate, modelId } = ctx;
  const { response, provider } = forwarded;
  if (response.statusCode >= 400) {
    const text = await response.body.text().catch(() => "");
    const error = upstreamError(provider, response.statusCode, text);
    sendError(res, error, ctx.requestId);
    return { errorCode: error.code ?? error.type };
  }
  const contentType = String(response.headers["content-type"] ?? "");
  // A lenient server may answer a stream request with one JSON body: it is read as such.
  const streamed = ctx.stream && !/^application\/json\b/i.test(contentType.trim());
  const remember: Remember = (id, usage, kept) =>
    call.body.store === false
      ? Promise.resolve()
      : saveResponse(call.gateway.db, {
          id,
          tenantId: call.key.tenantId,
          apiKeyId: call.key.id,
          model: modelId,
          previousResponseId:
            typeof call.body.previous_response_id === "string"
              ? call.body.previous_response_id
              : null,
          contextTokens: usage
            ? usage.promptTokens + usage.completionTokens
            : estimate.promptTokens,
          ...(kept
            ? { kept: { input: storedInput(call.body.input), response: kept.response } }
            : { channelId: forwarded.route.channel.id }),
        }).catch((error: unknown) => {
          // The answer is delivered and charged all the same; only retrieving it is lost.
          call.gateway.log.warn(
            { err: error, requestId: ctx.requestId, responseId: id },
            "response not recorded: it cannot be retrieved or continued",
          );
        });
  return forwarded.viaChat
    ? relayTranslated(ctx, forwarded, call.body, streamed, remember)
    : relayNative(ctx, forwarded, streamed, remember);
}

/** Records a response for its tenant: what Relay keeps of a translated one, or where it lives. */
type Remember = (id: string, usage: Usage | undefined, kept?: { response: Json }) => Promise<void>;

function eventHeaders(ctx: AnswerContext): Record<string, string> {
  return {
    ...ctx.headers,
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
  };
}

/** A channel's own Responses API answer: relayed as it is, read for its usage and id. */
async function relayNative(
  ctx: AnswerContext,
  forwarded: Forwarded,
  streamed: boolean,
  remember: Remember,
): Promise<AnswerOutcome> {
  const { res, estimate, modelId } = ctx;
  const { response } = forwarded;
  if (streamed) {
    res.writeHead(200, eventHeaders(ctx));
    const outcome = await relayResponseEvents(response.body, res, (final, usage) =>
      remember(String(final.id ?? ""), usage),
    );
    if (!outcome.completed) res.destroy();
    else res.end();
    return charged(outcome.usage, outcome.text, outcome.completed, estimate, modelId);
  }
  const text = await response.body.text();
  const answer = parse(text);
  const usage = answer === undefined ? undefined : responseUsage(answer);
  if (typeof record(answer).id === "string") await remember(String(record(answer).id), usage);
  if (answer === undefined) {
    // A lenient server's body that is no JSON: relayed as it came, charged by our count.
    res.writeHead(response.statusCode, ctx.headers);
    res.end(text);
  } else {
    sendJson(res, response.statusCode, answer, ctx.headers);
  }
  return usage ? { usage, errorCode: null } : ourCount(estimate, outputText(answer), modelId);
}

/** A chat completion answering for the Responses API: translated whole or event by event. */
async function relayTranslated(
  ctx: AnswerContext,
  forwarded: Forwarded,
  request: Json,
  streamed: boolean,
  remember: Remember,
): Promise<AnswerOutcome> {
  const { res, estimate, modelId } = ctx;
  const { response, provider } = forwarded;
  const frame: ResponseFrame = {
    id: newItemId("resp"),
    createdAt: Math.floor(Date.now() / 1000),
    model: modelId,
    request,
  };
  if (streamed) {
    res.writeHead(200, eventHeaders(ctx));
    const sink = new ChatToResponseEvents(res, frame);
    const outcome = await provider.relayStream(response.body, sink, {
      requestedModel: modelId,
      includeUsage: true,
    });
    if (!outcome.completed) {
      res.destroy();
      return charged(outcome.usage, outcome.text, false, estimate, modelId);
    }
    const result = charged(outcome.usage, outcome.text, true, estimate, modelId);
    const usage = result.usage;
    const final = sink.finish(usage ? chatShapedUsage(usage) : null);
    await remember(frame.id, usage, { response: final });
    sink.end();
    return result;
  }
  const raw = parse(await response.body.text());
  const whole = raw === undefined ? undefined : provider.wholeAnswer(raw, modelId);
  const chat = whole?.answer;
  const reported = whole?.reportsUsage ? tokenUsage(chat) : undefined;
  const translated = fromChatCompletion(chat, frame);
  const usage = reported ? withImages(reported, 0) : undefined;
  await remember(frame.id, usage, { response: translated });
  sendJson(res, 200, translated, ctx.headers);
  return usage ? { usage, errorCode: null } : ourCount(estimate, outputText(translated), modelId);
}

/** Usage in the Responses API's names, from what the call is charged. */
function chatShapedUsage(usage: Usage): Json | null {
  return responsesUsage({
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedTokens },
  });
}

/** A stream's charge: its usage when it ended whole with one, else our count of what was sent. */
function charged(
  reported: Omit<Usage, "images"> | undefined,
  text: string,
  completed: boolean,
  estimate: Estimate,
  modelId: string,
): AnswerOutcome {
  if (completed && reported) return { usage: withImages(reported, 0), errorCode: null };
  const counted = text
    ? Math.min(countTextTokens(text, modelId, promptBudget()), estimate.maxCompletionTokens)
    : 0;
  return {
    usage: {
      promptTokens: reported?.promptTokens ?? estimate.promptTokens,
      completionTokens: Math.max(reported?.completionTokens ?? 0, counted),
      cachedTokens: reported?.cachedTokens ?? 0,
      images: 0,
    },
    errorCode: completed ? USAGE_ESTIMATED : "stream_interrupted",
  };
}

function ourCount(estimate: Estimate, text: string, modelId: string): AnswerOutcome {
  return charged(undefined, text, true, estimate, modelId);
}

/** The text a response generated: its messages and function-call arguments. */
function outputText(answer: unknown): string {
  const output = record(answer).output;
  let text = "";
  for (const value of Array.isArray(output) ? output : []) {
    const item = record(value);
    if (typeof item.arguments === "string") text += item.arguments;
    for (const part of Array.isArray(item.content) ? item.content : []) {
      const content = record(part);
      if (typeof content.text === "string") text += content.text;
    }
  }
  return text;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
