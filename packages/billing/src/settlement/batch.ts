// One batch of the settlement writer (the steps are listed in writer.ts), in one statement: the
// database function relay_settle_batch (its migration, settle_batch_function, has the SQL) runs
// every step in order, atomically, and answers what the batch did. One round trip per batch
// instead of one per step: each round trip woke the database and then this process, and those
// wake-ups cost both more than the rows did.
import type pg from "pg";
import { onPgClient, prepared } from "../transaction.ts";
import type { Committed, HoldRecord, Item } from "./writer.ts";

/** The usage record keeps this much of a failed call's error message. */
const ERROR_MESSAGE_CHARS = 500;

/**
 * A refusal's message can quote the caller's text: Postgres takes no NUL in a text column, and
 * one such row would fail its whole batch (everyone's charges), so NULs go.
 */
function errorMessageText(message: string | null | undefined): string | null {
  return message ? message.replaceAll("\u0000", "").slice(0, ERROR_MESSAGE_CHARS) : null;
}

/** What relay_settle_batch answers; amounts and versions as text (they are bigints). */
interface BatchResult {
  closed: { request_id: string; tenant_id: string; api_key_id: string; amount: string }[];
  balances: { tenant_id: string; version: string; balance: string }[];
  spends: { api_key_id: string; version: string; spent: string }[];
}

export async function writeBatch(pool: pg.Pool, items: Item[]): Promise<Committed> {
  const holds: HoldRecord[] = [];
  const calls: Record<string, unknown>[] = [];
  const committed: Committed = { closed: [], balances: [], spends: [], settled: [] };
  const tenants = new Set<string>();
  for (const item of items) {
    if (item.hold) {
      holds.push(item.hold);
      tenants.add(item.hold.tenantId);
      continue;
    }
    const s = item.settlement;
    tenants.add(s.tenantId);
    committed.settled.push({ requestId: s.requestId, price: s.price });
    // Holds that lived only in the mirror: closed by their settlements, whether or not a retried
    // batch finds the settlement recorded already (closing one in the mirror twice is harmless).
    // One covered by a lease is no hold of its own there.
    const h = item.unwrittenHold;
    if (h && !h.inLease) {
      committed.closed.push({
        requestId: h.requestId,
        tenantId: h.tenantId,
        apiKeyId: h.apiKeyId,
        amount: h.amount,
      });
    }
    calls.push({
      ord: calls.length,
      request_id: s.requestId,
      tenant_id: s.tenantId,
      api_key_id: s.apiKeyId,
      channel_id: s.channelId,
      model: s.model,
      upstream_model: s.upstreamModel,
      endpoint: s.endpoint,
      stream: s.stream,
      status: s.status,
      error_code: s.errorCode,
      prompt_tokens: s.promptTokens,
      completion_tokens: s.completionTokens,
      cached_tokens: s.cachedTokens,
      images: s.images,
      audio_seconds: s.audioSeconds,
      price: s.price.toString(),
      upstream_cost: s.upstreamCost.toString(),
      latency_ms: s.latencyMs,
      first_byte_ms: s.firstByteMs,
      client_ip: s.clientIp,
      created_at: s.createdAt.toISOString(),
      error_message: errorMessageText(s.errorMessage),
    });
  }
  const { rows } = await onPgClient(pool, (client) =>
    prepared<{ result: BatchResult }>(
      client,
      "settle:batch",
      "SELECT relay_settle_batch($1::uuid[], $2::json, $3::json) AS result",
      [
        [...tenants].sort(),
        JSON.stringify(
          holds.map((h) => ({
            tenant_id: h.tenantId,
            api_key_id: h.apiKeyId,
            request_id: h.requestId,
            amount: h.amount.toString(),
            ttl_ms: h.ttlMs,
            instance_id: h.instanceId,
          })),
        ),
        JSON.stringify(calls),
      ],
    ),
  );
  const result = rows[0]?.result;
  if (!result) throw new Error("relay_settle_batch answered nothing");
  for (const c of result.closed) {
    committed.closed.push({
      requestId: c.request_id,
      tenantId: c.tenant_id,
      apiKeyId: c.api_key_id,
      amount: BigInt(c.amount),
    });
  }
  for (const b of result.balances) {
    committed.balances.push({
      tenantId: b.tenant_id,
      version: BigInt(b.version),
      balance: BigInt(b.balance),
    });
  }
  for (const s of result.spends) {
    committed.spends.push({
      apiKeyId: s.api_key_id,
      version: BigInt(s.version),
      spent: BigInt(s.spent),
    });
  }
  return committed;
}
