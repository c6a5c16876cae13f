// One access line and one metrics observation per answered request, written when its handling
// is over (a metered call has settled by then, so the line carries what the usage record says).
// The key appears only as its visible prefix, the one the console shows, never whole.
import type { CallContext } from "../call/pipeline.ts";
import type { Gateway } from "../gateway.ts";

/** A status for a request that got no answer: the client left, or the call was ended. */
export const NO_ANSWER = 499;

export function recordCall(gateway: Gateway, call: CallContext, endpoint: string): void {
  const { res, settlement: s, key } = call;
  const status = res.headersSent ? res.statusCode : NO_ANSWER;
  const latencyMs = s?.latencyMs || Math.round(performance.now() - call.receivedAt);
  const model = s?.model ?? "";
  gateway.metrics.call({ endpoint, model, status, latencyMs, firstByteMs: s?.firstByteMs ?? null });
  const level = status >= 500 ? "warn" : "info";
  if (!gateway.accessLog.enabled(level)) return;
  const line = {
    requestId: call.requestId,
    method: call.req.method,
    endpoint,
    status,
    errorCode: s?.errorCode ?? call.errorCode ?? null,
    tenantId: key?.tenantId,
    keyId: key?.id,
    keyPrefix: key?.prefix,
    model: s?.model,
    stream: s?.stream,
    channelId: s?.channelId ?? undefined,
    upstreamModel: s?.upstreamModel ?? undefined,
    upstreamStatus: s && s.status !== status ? s.status : undefined,
    promptTokens: s?.promptTokens,
    completionTokens: s?.completionTokens,
    cachedTokens: s?.cachedTokens,
    images: s?.images || undefined,
    // Micro-dollars as a string: exact, like the usage record.
    price: s?.price.toString(),
    upstreamMs: call.upstreamMs,
    firstByteMs: s?.firstByteMs ?? undefined,
    latencyMs,
  };
  gateway.accessLog.write(level, line, "call");
}
