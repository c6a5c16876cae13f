// Anthropic's Messages API, simulated. It speaks its own dialect on the wire (an x-api-key
// header, `{"type":"error",...}` bodies, named SSE events with no [DONE]), so it is served whole
// here rather than through the OpenAI-shaped route table; text, tokens and faults are shared.
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { SimError } from "../errors.ts";
import { type FaultSwitches, faultFromHeaders, integerHeader } from "../faults.ts";
import { newId, newRequestId } from "../ids.ts";
import { sendJson } from "../respond.ts";
import { promptCacheUsage } from "./messages-cache.ts";
import { errorBody, faultError, invalid } from "./messages-errors.ts";
import { inputTokens, type OutputBlock, planReply, usageOf } from "./messages-reply.ts";
import { checkHeaders, parseRequest } from "./messages-request.ts";
import { sendEvents, streamEvents } from "./messages-stream.ts";

export const MESSAGES_PATH = "/v1/messages";

function contentBlock(block: OutputBlock) {
  return block.type === "text"
    ? { type: "text", text: block.text }
    : { type: "tool_use", id: block.id, name: block.name, input: block.input };
}

export interface MessagesExchange {
  requestHeaders: IncomingHttpHeaders;
  /** The body as the server read it; `ok: false` when it was not JSON. */
  body: { ok: true; value: unknown } | { ok: false };
  res: ServerResponse;
  settings: { apiKey: string | undefined; latencyMs: number; tokensPerSecond: number };
  faults: FaultSwitches;
  /** Prompt prefixes cached so far (keys), shared by this simulator's requests. */
  promptCache: Set<string>;
  /** Fires when the client goes away. */
  signal: AbortSignal;
}

async function answer(exchange: MessagesExchange, headers: Record<string, string>): Promise<void> {
  const { requestHeaders, body, res, settings, signal } = exchange;
  checkHeaders(requestHeaders, settings.apiKey);
  // The same switches and x-sim-* headers as the OpenAI routes, in the same order.
  const fault = faultFromHeaders(requestHeaders) ?? exchange.faults.take();
  const latency = integerHeader(requestHeaders, "x-sim-latency-ms") ?? settings.latencyMs;
  const tokensPerSecond =
    integerHeader(requestHeaders, "x-sim-tokens-per-second") ?? settings.tokensPerSecond;
  const firstByteDelay = latency + (fault?.slowFirstByteMs ?? 0);
  if (firstByteDelay > 0) {
    try {
      await sleep(firstByteDelay, undefined, { signal });
    } catch {
      return;
    }
  }
  if (fault?.status !== undefined) throw faultError(fault.status, fault.retryAfterSeconds);
  if (!body.ok) throw invalid("There was an issue with your request body: it is not valid JSON.");

  const request = parseRequest(body.value);
  const plan = planReply(request);
  const input = inputTokens(request);
  const message = {
    id: newId("msg_01", 22),
    model: request.model,
    inputTokens: input,
    cache: promptCacheUsage(body.value as Record<string, unknown>, input, exchange.promptCache),
  };

  if (request.stream) {
    await sendEvents(res, headers, streamEvents(message, plan), {
      intervalMs: tokensPerSecond > 0 ? 1000 / tokensPerSecond : 0,
      resetAfterEvents: fault?.resetAfterChunks,
      signal,
    });
    return;
  }
  if (fault?.resetAfterChunks !== undefined) {
    res.socket?.destroy();
    return;
  }
  const generation = tokensPerSecond > 0 ? (plan.outputTokens / tokensPerSecond) * 1000 : 0;
  if (generation > 0) {
    try {
      await sleep(generation, undefined, { signal });
    } catch {
      return;
    }
  }
  sendJson(
    res,
    200,
    {
      id: message.id,
      type: "message",
      role: "assistant",
      model: message.model,
      content: plan.blocks.map(contentBlock),
      stop_reason: plan.stopReason,
      stop_sequence: plan.stopSequence,
      usage: usageOf(message.inputTokens, plan.outputTokens, message.cache),
    },
    headers,
  );
}

/** Serves POST /v1/messages start to finish; every failure is answered in Anthropic's shape. */
export async function serveMessages(exchange: MessagesExchange): Promise<void> {
  const requestId = newRequestId();
  const headers = { "request-id": requestId };
  try {
    await answer(exchange, headers);
  } catch (error) {
    if (!(error instanceof SimError)) throw error;
    if (exchange.res.headersSent) {
      exchange.res.destroy();
      return;
    }
    sendJson(exchange.res, error.status, errorBody(error, requestId), {
      ...headers,
      ...error.headers,
    });
  }
}
