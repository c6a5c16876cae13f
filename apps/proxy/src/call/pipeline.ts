// The life of a metered call: admit it (auth, limits, hold), route it to a channel with failover,
// relay the answer, settle the actual usage. Once a hold is placed every path ends in exactly one
// settlement, which charges the usage (or nothing) and releases the hold.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Settlement } from "@relay/billing/hot-path";
import type { KeyRecord } from "../auth/key-cache.ts";
import type { ChannelRoute } from "../catalog/catalog.ts";
import { type Forwarded, forward, UpstreamFailed } from "../channels/forward.ts";
import { channelOrder } from "../channels/order.ts";
import { upstreamError } from "../channels/upstream-error.ts";
import { passedHeaders } from "../endpoints/dialect.ts";
import type { MeteredEndpoint, Usage } from "../endpoints/types.ts";
import type { Gateway } from "../gateway.ts";
import { codeMsgBytes } from "../http/code-msg.ts";
import { copyWith } from "../http/copy-with.ts";
import { type ErrorShape, errors, OpenAIError } from "../http/openai-error.ts";
import { chargeFor } from "../metering/charge.ts";
import { admit, type Known } from "./admission.ts";
import { relayAnswer } from "./answer.ts";
import { CallAbort } from "./call-abort.ts";
import { recordRefusal } from "./refusal.ts";

export interface CallContext {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  receivedAt: number;
  /** Filled in on the way, for the call's access line and metrics. */
  key?: KeyRecord;
  settlement?: Settlement;
  /** The answering channel's own latency: request sent to response headers. */
  upstreamMs?: number;
  /** What the client was refused with, when it was not the settlement's error. */
  errorCode?: string;
  /** Errors in another API's shape than OpenAI's (an inbound dialect's route). */
  errorShape?: ErrorShape;
}

export async function handleMetered(
  gateway: Gateway,
  call: CallContext,
  metered: MeteredEndpoint,
): Promise<void> {
  const { res, requestId } = call;
  // Registered first: a client may leave while the call still waits for its hold.
  const abort = new CallAbort();
  res.once("close", () => {
    if (!res.writableFinished) abort.abort();
  });
  // A call ends by its deadline, or when this process can no longer vouch for its holds
  // (fencing): the connection is closed and the call is charged for what it delivered.
  abort.once("abort", () => {
    if (!res.writableFinished) res.destroy();
  });
  const unregister = gateway.calls.add(abort);
  const deadline = setTimeout(
    () => abort.abort(new Error("the call passed its deadline")),
    gateway.config.holdTtlMs,
  );
  res.once("close", () => {
    clearTimeout(deadline);
    unregister();
  });
  const known: Known = {};
  const { body, key, model, clientIp, estimate, limitHeaders, hold, endpoint, upload } =
    await admit(gateway, call.req, requestId, metered, known).catch((error: unknown) => {
      if (error instanceof OpenAIError) recordRefusal(gateway, call, known, metered.path, error);
      throw error;
    });
  call.key = key;
  // Uploaded files are kept until the call ends, however it ends.
  if (upload) res.once("close", () => void upload.discard());
  if (hold > 0n) gateway.metrics.holdOpened(hold);

  const stream = endpoint.streams && body.stream === true;
  const clientWantsUsage =
    stream &&
    (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
  // Always ask for usage on streams; the answer hides it from clients that did not.
  if (stream && endpoint.streamUsage) {
    body.stream_options = copyWith(body.stream_options, "include_usage", true);
  }

  const settlement: Settlement = {
    requestId,
    tenantId: key.tenantId,
    apiKeyId: key.id,
    channelId: null,
    model: model.id,
    upstreamModel: null,
    endpoint: endpoint.path,
    stream,
    status: 0,
    errorCode: null,
    errorMessage: null,
    promptTokens: 0,
    completionTokens: 0,
    cachedTokens: 0,
    images: 0,
    audioSeconds: 0,
    price: 0n,
    upstreamCost: 0n,
    latencyMs: 0,
    firstByteMs: null,
    clientIp: clientIp || null,
    createdAt: new Date(),
  };
  call.settlement = settlement;
  let settled = false;
  const settle = (usage: Usage | undefined, route: ChannelRoute | undefined) => {
    if (settled) return;
    settled = true;
    if (usage) {
      // Field by field: a spread into Object.assign builds its object on V8's slow path.
      const charge = chargeFor(model, key.multiplierPpm, usage, estimate, route);
      settlement.promptTokens = usage.promptTokens;
      settlement.completionTokens = usage.completionTokens;
      settlement.cachedTokens = usage.cachedTokens;
      settlement.images = usage.images;
      settlement.audioSeconds = usage.audioSeconds ?? 0;
      settlement.price = charge.price;
      settlement.upstreamCost = charge.upstreamCost;
    }
    settlement.latencyMs = Math.round(performance.now() - call.receivedAt);
    if (hold > 0n) gateway.metrics.holdClosed(hold);
    gateway.settlements.settle(settlement).catch((error: unknown) => {
      gateway.log.error(
        { err: error, requestId, tenantId: key.tenantId, price: settlement.price.toString() },
        "settlement failed; the hold stays open until its owner's holds are released",
      );
    });
    // Correct the TPM window from the estimate to what was used.
    const delta =
      (usage ? usage.promptTokens + usage.completionTokens : 0) -
      (estimate.promptTokens + estimate.maxCompletionTokens);
    if (key.tpmLimit !== null && delta !== 0) {
      gateway.limiter
        .adjust({ keyId: key.id, tpm: key.tpmLimit, tokens: delta })
        .catch((error: unknown) => {
          // The window keeps the estimate: at worst this key's TPM is off for a minute.
          gateway.log.warn(
            { err: error, requestId, keyId: key.id, delta },
            "TPM window not corrected",
          );
        });
    }
  };

  let forwarded: Forwarded;
  try {
    forwarded = await forward(
      {
        endpoint: endpoint.upstreamPath ?? endpoint.path,
        body: endpoint.toUpstream ? endpoint.toUpstream(body) : body,
        routes: channelOrder(endpoint.routes?.(model.routes) ?? model.routes, gateway.health),
        dialect: endpoint.dialect,
        headers: passedHeaders(call.req.headers, endpoint.dialect?.passHeaders),
        files: upload?.files,
        signal: abort,
        headersTimeoutMs: gateway.config.headersTimeoutMs,
      },
      gateway.pools,
      gateway.health,
    );
  } catch (error) {
    if (error instanceof OpenAIError) {
      // The call cannot be expressed for this upstream (an unsupported parameter): a 400.
      settlement.status = error.status;
      settlement.errorCode = error.code ?? error.type;
      settlement.errorMessage = error.message;
      settle(undefined, undefined);
      throw error;
    }
    // Nothing was generated: charge nothing, release the hold.
    settlement.status = error instanceof UpstreamFailed && error.last ? error.last.status : 502;
    settlement.errorCode = "upstream_unavailable";
    const last = error instanceof UpstreamFailed ? error.last : undefined;
    settlement.errorMessage = last
      ? upstreamError(last.provider, last.status, last.body).message
      : "No upstream channel could serve the call.";
    settle(undefined, undefined);
    if (error instanceof UpstreamFailed && error.last && endpoint.dialect) {
      // Relayed in the client's dialect, whatever the last upstream's wire format was.
      const { status, body, headers, provider } = error.last;
      const translated = upstreamError(provider, status, body);
      throw new OpenAIError(
        translated.status,
        translated.message,
        translated.type,
        translated.code,
        translated.param,
        headers["retry-after"] ? { "retry-after": headers["retry-after"] } : {},
      );
    }
    if (error instanceof UpstreamFailed && error.last) {
      res.writeHead(error.last.status, { ...error.last.headers, "x-request-id": requestId });
      res.end(codeMsgBytes(call.req, error.last.status, Buffer.from(error.last.body)));
      return;
    }
    if (abort.aborted) return;
    throw errors.upstreamUnavailable();
  }

  const { route, response } = forwarded;
  settlement.channelId = route.channel.id;
  settlement.upstreamModel = route.upstreamModel;
  settlement.status = response.statusCode;
  settlement.firstByteMs = Math.round(forwarded.firstByteAt - call.receivedAt);
  call.upstreamMs = Math.round(forwarded.firstByteAt - forwarded.startedAt);
  try {
    const outcome = await relayAnswer(
      {
        res,
        requestId,
        endpoint,
        estimate,
        modelId: model.id,
        stream,
        clientWantsUsage,
        headers: answerHeaders(limitHeaders, requestId),
      },
      forwarded,
    );
    settlement.errorCode = outcome.errorCode;
    settlement.errorMessage = outcome.errorMessage ?? null;
    settle(outcome.usage, route);
  } catch (error) {
    // The answer broke off before it could be read: nothing usable was delivered.
    settlement.errorCode = "upstream_broken";
    settlement.errorMessage = "The upstream's answer broke off before it could be read.";
    settle(undefined, route);
    throw error;
  }
}

/**
 * The answer's own headers: a fresh object the answer adds the upstream's to in place. Built by
 * assignment: on Node 20 a spread followed by more properties takes V8's slow path, and adding
 * properties to a spread's copy does too, about a microsecond a call each.
 */
function answerHeaders(limitHeaders: Record<string, string>, requestId: string) {
  const headers: Record<string, string> = { "x-request-id": requestId };
  for (const name in limitHeaders) headers[name] = limitHeaders[name] as string;
  return headers;
}
