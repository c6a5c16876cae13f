// A call refused after its key was known (limits, balance, an unknown model, a bad body) is still
// one the developer made: it is recorded like any call, with its status and error, and costs
// nothing. It goes through the batched settlement writer as a settlement without a hold, so a
// flood of refusals costs batched inserts, not a round trip each.
import type { Settlement } from "@relay/billing/hot-path";
import { clientAddressOf } from "../auth/client-address.ts";
import type { Gateway } from "../gateway.ts";
import type { OpenAIError } from "../http/openai-error.ts";
import type { Known } from "./admission.ts";
import type { CallContext } from "./pipeline.ts";

/** A model name is the caller's text: a refusal keeps no more of it than a real name needs. */
const MODEL_CHARS = 200;

export function recordRefusal(
  gateway: Gateway,
  call: CallContext,
  known: Known,
  endpoint: string,
  error: OpenAIError,
): void {
  const { key } = known;
  if (!key) return;
  call.key = key;
  const settlement: Settlement = {
    requestId: call.requestId,
    tenantId: key.tenantId,
    apiKeyId: key.id,
    channelId: null,
    // The caller's text: no NUL (Postgres refuses it, and with it the whole batch).
    model: (known.model ?? "").replaceAll("\u0000", "").slice(0, MODEL_CHARS),
    upstreamModel: null,
    endpoint,
    stream: false,
    status: error.status,
    errorCode: error.code ?? error.type,
    errorMessage: error.message,
    promptTokens: 0,
    completionTokens: 0,
    cachedTokens: 0,
    images: 0,
    audioSeconds: 0,
    price: 0n,
    upstreamCost: 0n,
    latencyMs: Math.round(performance.now() - call.receivedAt),
    firstByteMs: null,
    clientIp: clientAddressOf(call.req) || null,
    createdAt: new Date(),
  };
  call.settlement = settlement;
  gateway.settlements.settle(settlement).catch((err: unknown) => {
    gateway.log.warn({ err, requestId: call.requestId }, "refused call not recorded");
  });
}
