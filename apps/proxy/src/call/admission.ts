// Everything a call must pass before anything is forwarded: a key (bearer or legacy body field),
// its IP and model allow-lists, a model the platform serves, the key's rate limits, and a hold
// on the call's maximum price. Any refusal is an OpenAI-shaped error and costs nothing.
import type { IncomingMessage } from "node:http";
import { maxPrice } from "@relay/billing";
import { authorize, bearerToken, headerKey, modelAllowed } from "../auth/authenticate.ts";
import { clientAddressOf } from "../auth/client-address.ts";
import type { KeyRecord } from "../auth/key-cache.ts";
import type { CatalogModel } from "../catalog/catalog.ts";
import type { Estimate, MeteredEndpoint } from "../endpoints/types.ts";
import { readUpload } from "../endpoints/upload.ts";
import type { Gateway } from "../gateway.ts";
import { readJsonBody } from "../http/body.ts";
import { codeMsgFor, useCodeMsg } from "../http/code-msg.ts";
import type { MultipartBody } from "../http/multipart.ts";
import { errors, OpenAIError } from "../http/openai-error.ts";
import { rateLimitHeaders } from "../limits/headers.ts";
import { type RateDecision, RateLimiterUnavailableError } from "../limits/rate-limiter.ts";
import { fineTunedModel } from "../objects/fine-tuned-models.ts";
import { countingFor } from "../tokenize/memo.ts";
import { modelOf } from "./model-of.ts";

export interface Admitted {
  body: Record<string, unknown>;
  key: KeyRecord;
  model: CatalogModel;
  clientIp: string;
  estimate: Estimate;
  /** x-ratelimit-* headers for the answer. */
  limitHeaders: Record<string, string>;
  /** The hold placed (0 when the call is free). */
  hold: bigint;
  /** A multipart call's files, kept until the call ends. */
  upload?: MultipartBody;
  /** The endpoint serving this call (specialized by its forCall, if it has one). */
  endpoint: MeteredEndpoint;
}

/** What admission learned before it refused a call: a known key's refusal is recorded. */
export interface Known {
  key?: KeyRecord;
  model?: string;
}

export async function admit(
  gateway: Gateway,
  req: IncomingMessage,
  requestId: string,
  endpoint: MeteredEndpoint,
  known: Known = {},
): Promise<Admitted> {
  const clientIp = clientAddressOf(req);
  // A bearer key is checked before the body is read: a caller without a valid key costs no
  // upload and no parsing. Only legacy clients, with the key in the body, are read first.
  const bearer = bearerToken(req) ?? headerKey(req, endpoint.dialect?.keyHeader);
  const bearerKey =
    bearer === undefined ? undefined : await authorize(gateway.keys, bearer, clientIp);
  if (bearerKey) useCodeMsg(req, codeMsgFor(bearerKey, gateway.catalog.codeMsg()));
  const {
    body,
    bodyKey,
    upload,
  }: { body: Record<string, unknown>; bodyKey?: string; upload?: MultipartBody } = endpoint.upload
    ? await readUpload(req, endpoint.upload, gateway.config)
    : await readJsonBody(req, gateway.config.bodyLimitBytes);
  if (bearerKey) known.key = bearerKey;
  const key = bearerKey ?? (await authorize(gateway.keys, bodyKey, clientIp));
  known.key = key;
  if (typeof body.model === "string") known.model = body.model;

  endpoint.validate(body);
  // The catalog as committed now: a price or default changed a moment ago applies to this call.
  const catalog = await gateway.catalog.current();
  useCodeMsg(req, codeMsgFor(key, catalog.codeMsg));
  const modelId = modelOf(body, endpoint, catalog);
  known.model = modelId;
  if (!modelAllowed(key, modelId)) throw errors.modelNotAllowed(modelId);
  // A fine-tuned model exists only for the tenant that owns it.
  const model = catalog.models.get(modelId) ?? (await fineTunedModel(gateway, key, modelId));
  if (!model) throw errors.modelNotFound(modelId);

  const served = endpoint.forCall
    ? await endpoint.forCall(body, { key, gateway, requestId })
    : endpoint;
  // What only the uploaded files can tell (an audio's duration), read before anything is held.
  const facts =
    upload && endpoint.upload?.inspect ? await endpoint.upload.inspect(upload) : undefined;
  // Counted with the tenant's memo of long texts: a conversation's history is counted once.
  const estimate = countingFor(key.tenantId, () => served.estimate(body, model, facts));
  const tokens = estimate.promptTokens + estimate.maxCompletionTokens;
  const decision = await gateway.limiter
    .check({ keyId: key.id, rpm: key.rpmLimit, tpm: key.tpmLimit, tokens })
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
        ? `Rate limit reached for ${modelId} on tokens per min (TPM): Limit ${decision.limitTokens}, Requested ${tokens}.`
        : `Rate limit reached for ${modelId} on requests per min (RPM): Limit ${decision.limitRequests}.`,
      "rate_limit_error",
      "rate_limit_exceeded",
      null,
      limitHeaders,
    );
  }

  const hold = maxPrice(
    model.sale,
    {
      promptTokens: estimate.promptTokens,
      maxCompletionTokens: estimate.maxCompletionTokens,
      audioSeconds: estimate.audioSeconds,
      characters: estimate.characters,
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
      budget: key.budget,
    });
    if (!held.ok) throw errors.insufficientQuota(held.reason);
  }
  return { body, key, model, clientIp, estimate, limitHeaders, hold, endpoint: served, upload };
}
