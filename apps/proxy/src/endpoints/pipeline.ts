// The life of a metered call (DESIGN.md, "A call through the proxy"): authenticate, check the
// key's limits, hold the call's maximum price, route to a channel with failover, relay the
// answer, then settle the actual usage. Once a hold is placed every path ends in exactly one
// settlement, which charges the usage (or nothing) and releases the hold.
import type { IncomingMessage, ServerResponse } from "node:http";
import { maxPrice, priceUsage } from "@relay/billing";
import { authenticate, bearerToken, modelAllowed } from "../auth/authenticate.ts";
import { ipAllowed } from "../auth/ip-policy.ts";
import type { Settlement } from "../billing/settlement.ts";
import type { CatalogModel, ChannelRoute } from "../catalog/catalog.ts";
import type { Gateway } from "../gateway.ts";
import { readJsonBody } from "../http/body.ts";
import { errors, OpenAIError, sendError } from "../http/openai-error.ts";
import { rateLimitHeaders } from "../limits/headers.ts";
import { type RateDecision, RateLimiterUnavailableError } from "../limits/rate-limiter.ts";
import { fromAnthropicError, fromAnthropicResponse } from "../providers/anthropic/index.ts";
import { channelOrder } from "../routing/order.ts";
import { countTextTokens } from "../tokenize/index.ts";
import { relayAnthropicStream } from "../upstream/anthropic-relay.ts";
import { forward, UpstreamFailed } from "../upstream/forward.ts";
import { relayOpenAIStream } from "../upstream/sse-relay.ts";
import type { Estimate, MeteredEndpoint, Usage } from "./types.ts";

export interface CallContext {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  receivedAt: number;
}

/** The upstream response headers a client gets; everything else is the upstream's business. */
const RESPONSE_HEADERS = ["content-type", "openai-processing-ms", "openai-version"];

export async function handleMetered(
  gateway: Gateway,
  call: CallContext,
  endpoint: MeteredEndpoint,
): Promise<void> {
  const { req, res, requestId } = call;
  const { body, bodyKey } = await readJsonBody(req, gateway.config.bodyLimitBytes);
  const key = await authenticate(gateway.keys, bearerToken(req) ?? bodyKey);
  const clientIp = req.socket.remoteAddress ?? "";
  if (!ipAllowed(key, clientIp)) throw errors.ipNotAllowed(clientIp);

  endpoint.validate(body);
  const modelId = body.model;
  if (typeof modelId !== "string" || modelId.length === 0) throw errors.missingParam("model");
  if (!modelAllowed(key, modelId)) throw errors.modelNotAllowed(modelId);
  const model = (await gateway.catalog.models()).get(modelId);
  if (!model) throw errors.modelNotFound(modelId);

  const estimate = endpoint.estimate(body, model);
  const decision = await gateway.limiter
    .check({
      keyId: key.id,
      rpm: key.rpmLimit,
      tpm: key.tpmLimit,
      tokens: estimate.promptTokens + estimate.maxCompletionTokens,
    })
    .catch((error: unknown): RateDecision => {
      // Rate limits protect, balances pay: with the limiter's store down, calls go on (fail
      // open) and the holds still bound what anyone can spend.
      if (error instanceof RateLimiterUnavailableError) return { allowed: true };
      throw error;
    });
  const limitHeaders = rateLimitHeaders(decision);
  if (!decision.allowed) {
    throw new OpenAIError(
      429,
      decision.reason === "tokens"
        ? `Rate limit reached for ${modelId} on tokens per min (TPM): Limit ${decision.limitTokens}, Requested ${estimate.promptTokens + estimate.maxCompletionTokens}.`
        : `Rate limit reached for ${modelId} on requests per min (RPM): Limit ${decision.limitRequests}.`,
      "rate_limit_error",
      decision.reason === "tokens" ? "rate_limit_exceeded" : "rate_limit_exceeded",
      null,
      limitHeaders,
    );
  }

  const hold = maxPrice(
    model.sale,
    {
      promptTokens: estimate.promptTokens,
      maxCompletionTokens: estimate.maxCompletionTokens,
      imageCharge: estimate.images ? estimate.images.rate.sale * BigInt(estimate.images.count) : 0n,
    },
    key.multiplierPpm,
  );
  if (hold > 0n) {
    const held = await gateway.holds.reserve({
      requestId,
      tenantId: key.tenantId,
      apiKeyId: key.id,
      amount: hold,
      ttlMs: gateway.config.holdTtlMs,
      budgeted: key.budget !== null,
    });
    if (!held.ok) throw errors.insufficientQuota(held.reason);
  }

  const stream = endpoint.streams && body.stream === true;
  const clientWantsUsage =
    stream &&
    (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
  if (stream && endpoint.streamUsage) {
    body.stream_options = { ...(body.stream_options as object | undefined), include_usage: true };
  }

  const settlement: Settlement = {
    requestId,
    tenantId: key.tenantId,
    apiKeyId: key.id,
    channelId: null,
    model: modelId,
    upstreamModel: null,
    endpoint: endpoint.path,
    stream,
    status: 0,
    errorCode: null,
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
  let settled = false;
  const settle = (usage: Usage | undefined, route: ChannelRoute | undefined) => {
    if (settled) return;
    settled = true;
    if (usage) charge(settlement, model, key.multiplierPpm, usage, estimate, route);
    settlement.latencyMs = Math.round(performance.now() - call.receivedAt);
    gateway.settlements.settle(settlement).catch((error: unknown) => {
      console.error(
        `[${requestId}] settlement failed; the hold stays open for the reconciler`,
        error,
      );
    });
    const actual = usage ? usage.promptTokens + usage.completionTokens : 0;
    const delta = actual - (estimate.promptTokens + estimate.maxCompletionTokens);
    if (key.tpmLimit !== null && delta !== 0) {
      gateway.limiter.adjust({ keyId: key.id, tpm: key.tpmLimit, tokens: delta }).catch(() => {});
    }
  };

  const abort = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) abort.abort();
  });

  let forwarded: Awaited<ReturnType<typeof forward>>;
  try {
    forwarded = await forward(
      {
        endpoint: endpoint.upstreamPath ?? endpoint.path,
        body: endpoint.toUpstream ? endpoint.toUpstream(body) : body,
        routes: channelOrder(model.routes, gateway.health),
        signal: abort.signal,
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
      settle(undefined, undefined);
      throw error;
    }
    // Nothing was generated: charge nothing, release the hold.
    settlement.status = error instanceof UpstreamFailed && error.last ? error.last.status : 502;
    settlement.errorCode = "upstream_unavailable";
    settle(undefined, undefined);
    if (error instanceof UpstreamFailed && error.last) {
      res.writeHead(error.last.status, { ...error.last.headers, "x-request-id": requestId });
      res.end(error.last.body);
      return;
    }
    if (abort.signal.aborted) return;
    throw errors.upstreamUnavailable();
  }

  const relayAnswer = async ({
    route,
    response,
    firstByteAt,
  }: Awaited<ReturnType<typeof forward>>) => {
    settlement.channelId = route.channel.id;
    settlement.upstreamModel = route.upstreamModel;
    settlement.status = response.statusCode;
    settlement.firstByteMs = Math.round(firstByteAt - call.receivedAt);
    const headers: Record<string, string> = { ...limitHeaders, "x-request-id": requestId };
    for (const name of RESPONSE_HEADERS) {
      const value = response.headers[name];
      if (typeof value === "string") headers[name] = value;
    }

    const anthropic = forwarded.provider.wireFormat === "anthropic";
    if (response.statusCode >= 400) {
      // The upstream refused the call: relay its error in OpenAI's shape, charge nothing.
      const text = await response.body.text().catch(() => "");
      settlement.errorCode = errorCodeOf(text);
      settle(undefined, route);
      if (anthropic) {
        sendError(res, fromAnthropicError(response.statusCode, parseJson(text)), requestId);
        return;
      }
      res.writeHead(response.statusCode, headers);
      res.end(text);
      return;
    }

    if (stream) {
      res.writeHead(response.statusCode, { ...headers, "cache-control": "no-cache" });
      const outcome = anthropic
        ? await relayAnthropicStream(response.body, res, {
            requestedModel: modelId,
            includeUsage: clientWantsUsage,
          })
        : await relayOpenAIStream(response.body, res, { hideUsageChunk: !clientWantsUsage });
      // A stream the upstream broke off is broken off for the client too, not ended as if whole.
      if (!outcome.completed) res.destroy();
      else if (!res.writableEnded) res.end();
      // A stream cut short (client gone, upstream broke) pays for what was generated: the prompt
      // as counted for the hold and the tokens of the text sent.
      const sent = outcome.text ? countTextTokens(outcome.text, modelId) : 0;
      const usage: Usage =
        outcome.completed && outcome.usage
          ? { ...outcome.usage, images: 0 }
          : {
              promptTokens: outcome.usage?.promptTokens ?? estimate.promptTokens,
              completionTokens: Math.max(outcome.usage?.completionTokens ?? 0, sent),
              cachedTokens: outcome.usage?.cachedTokens ?? 0,
              images: 0,
            };
      if (!outcome.completed) settlement.errorCode = "stream_interrupted";
      settle(usage, route);
      return;
    }

    let bytes = Buffer.from(await response.body.arrayBuffer());
    let answer = parseJson(bytes.toString("utf8"));
    if (anthropic && answer !== undefined) {
      answer = fromAnthropicResponse(answer, modelId);
      bytes = Buffer.from(JSON.stringify(answer));
      headers["content-type"] = "application/json";
    }
    const usage = answer === undefined ? undefined : endpoint.usage(answer, estimate);
    if (endpoint.fromUpstream && answer !== undefined) {
      bytes = Buffer.from(JSON.stringify(endpoint.fromUpstream(answer)));
    }
    res.writeHead(response.statusCode, { ...headers, "content-length": String(bytes.length) });
    res.end(bytes);
    settle(usage, route);
  };

  try {
    await relayAnswer(forwarded);
  } catch (error) {
    // The answer broke off before it could be read: nothing usable was delivered.
    settlement.errorCode ??= "upstream_broken";
    settle(undefined, forwarded.route);
    throw error;
  }
}

function charge(
  settlement: Settlement,
  model: CatalogModel,
  multiplierPpm: number,
  usage: Usage,
  estimate: Estimate,
  route: ChannelRoute | undefined,
): void {
  const images = BigInt(usage.images);
  const metered = {
    promptTokens: usage.promptTokens,
    completionTokens: usage.completionTokens,
    cachedTokens: usage.cachedTokens,
  };
  settlement.promptTokens = usage.promptTokens;
  settlement.completionTokens = usage.completionTokens;
  settlement.cachedTokens = usage.cachedTokens;
  settlement.images = usage.images;
  settlement.price = priceUsage(
    model.sale,
    { ...metered, imageCharge: images * (estimate.images?.rate.sale ?? 0n) },
    multiplierPpm,
  );
  settlement.upstreamCost = priceUsage(
    model.cost,
    { ...metered, imageCharge: images * (estimate.images?.rate.cost ?? 0n) },
    route?.channel.costMultiplierPpm ?? 1_000_000,
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorCodeOf(text: string): string | null {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; type?: unknown } };
    const code = parsed.error?.code ?? parsed.error?.type;
    return typeof code === "string" ? code : "upstream_error";
  } catch {
    return "upstream_error";
  }
}

export function sendCallError(call: CallContext, error: OpenAIError): void {
  sendError(call.res, error, call.requestId);
}
