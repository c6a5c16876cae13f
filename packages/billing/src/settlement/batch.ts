// One batch of the settlement writer, in one transaction (the steps are listed in writer.ts).
import type pg from "pg";
import { moveHeld } from "../holds/held.ts";
import { inPgTransaction, prepared } from "../transaction.ts";
import { upsertDaily } from "./daily-rollup.ts";
import type { Settlement } from "./settlement.ts";
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

export function writeBatch(pool: pg.Pool, items: Item[]): Promise<Committed> {
  const committed: Committed = { closed: [], balances: [], spends: [] };
  const holds = items.flatMap((i) => (i.hold ? [i.hold] : []));
  const batch = items.flatMap((i) => (i.settlement ? [i.settlement] : []));
  // Holds that lived only in the mirror: closed by their settlements, whether or not a retried
  // batch finds the settlement recorded already (closing one in the mirror twice is harmless).
  const unwritten = items.flatMap((i) =>
    i.settlement && i.unwrittenHold ? [i.unwrittenHold] : [],
  );
  const closedInMirror = unwritten.map((h) => ({
    requestId: h.requestId,
    tenantId: h.tenantId,
    apiKeyId: h.apiKeyId,
    amount: h.amount,
  }));
  committed.closed = closedInMirror;
  return inPgTransaction(pool, async (client) => {
    // Lock every tenant of the batch first, in id order. Inserting rows that reference a tenant
    // takes a share lock on it; locking later, after such inserts, deadlocks with another
    // replica's writer doing the same the other way round.
    const tenants = [...new Set(items.map((i) => (i.hold ?? i.settlement).tenantId))].sort();
    await prepared(
      client,
      "settle:lock-tenants",
      "SELECT 1 FROM tenants WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE",
      [tenants],
    );
    if (holds.length > 0) await insertHolds(client, holds);
    if (batch.length === 0) {
      return committed;
    }
    const inserted = await prepared<{ request_id: string }>(
      client,
      "settle:usage-records",
      `INSERT INTO usage_records (request_id, tenant_id, api_key_id, channel_id, model, upstream_model,
         endpoint, stream, status, error_code, prompt_tokens, completion_tokens, cached_tokens, images,
         audio_seconds, price, upstream_cost, latency_ms, first_byte_ms, client_ip, created_at,
         error_message)
       SELECT * FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[],
         $7::text[], $8::bool[], $9::int[], $10::text[], $11::int[], $12::int[], $13::int[], $14::int[],
         $15::int[], $16::bigint[], $17::bigint[], $18::int[], $19::int[], $20::text[], $21::timestamptz[],
         $22::text[])
       ON CONFLICT (request_id) DO NOTHING
       RETURNING request_id`,
      [
        batch.map((s) => s.requestId),
        batch.map((s) => s.tenantId),
        batch.map((s) => s.apiKeyId),
        batch.map((s) => s.channelId),
        batch.map((s) => s.model),
        batch.map((s) => s.upstreamModel),
        batch.map((s) => s.endpoint),
        batch.map((s) => s.stream),
        batch.map((s) => s.status),
        batch.map((s) => s.errorCode),
        batch.map((s) => s.promptTokens),
        batch.map((s) => s.completionTokens),
        batch.map((s) => s.cachedTokens),
        batch.map((s) => s.images),
        batch.map((s) => s.audioSeconds),
        batch.map((s) => s.price.toString()),
        batch.map((s) => s.upstreamCost.toString()),
        batch.map((s) => s.latencyMs),
        batch.map((s) => s.firstByteMs),
        batch.map((s) => s.clientIp),
        batch.map((s) => s.createdAt.toISOString()),
        batch.map((s) => errorMessageText(s.errorMessage)),
      ],
    );
    const fresh = new Set(inserted.rows.map((r) => r.request_id));
    const calls = batch.filter((s) => fresh.has(s.requestId));
    if (calls.length === 0) {
      return committed;
    }

    const closedHolds = await prepared<{
      request_id: string;
      tenant_id: string;
      api_key_id: string;
      amount: string;
    }>(
      client,
      "settle:close-holds",
      `UPDATE holds SET state = 'SETTLED', closed_at = now()
       WHERE request_id = ANY($1::text[]) AND state = 'HELD'
       RETURNING request_id, tenant_id, api_key_id, amount::text`,
      [calls.map((s) => s.requestId)],
    );
    const closedInPostgres = closedHolds.rows.map((r) => ({
      requestId: r.request_id,
      tenantId: r.tenant_id,
      apiKeyId: r.api_key_id,
      amount: BigInt(r.amount),
    }));
    committed.closed = [...closedInMirror, ...closedInPostgres];
    // Only what Postgres held is taken off its `held` columns.
    const heldBy = new Map(closedInPostgres.map((h) => [h.requestId, h.amount]));

    // Per tenant: total price and total released hold.
    const perTenant = new Map<string, { price: bigint; released: bigint; calls: Settlement[] }>();
    for (const call of calls) {
      const entry = perTenant.get(call.tenantId) ?? { price: 0n, released: 0n, calls: [] };
      entry.price += call.price;
      entry.released += heldBy.get(call.requestId) ?? 0n;
      entry.calls.push(call);
      perTenant.set(call.tenantId, entry);
    }
    const tenantIds = [...perTenant.keys()].sort();
    const updated = await prepared<{ id: string; balance: string }>(
      client,
      "settle:tenants",
      `UPDATE tenants t SET balance = t.balance - v.price, held = t.held - v.released, updated_at = now()
       FROM unnest($1::uuid[], $2::bigint[], $3::bigint[]) AS v(id, price, released)
       WHERE t.id = v.id
       RETURNING t.id, t.balance::text`,
      [
        tenantIds,
        tenantIds.map((id) => perTenant.get(id)?.price.toString() ?? "0"),
        tenantIds.map((id) => perTenant.get(id)?.released.toString() ?? "0"),
      ],
    );

    // Ledger: one entry per charged call; balance_after walks back from the tenant's new balance.
    const ledger: { tenantId: string; amount: bigint; after: bigint; requestId: string }[] = [];
    for (const row of updated.rows) {
      const tenant = perTenant.get(row.id);
      if (!tenant) continue;
      let after = BigInt(row.balance);
      const charged = tenant.calls.filter((c) => c.price > 0n);
      for (let i = charged.length - 1; i >= 0; i--) {
        const call = charged[i];
        if (!call) continue;
        ledger.push({ tenantId: row.id, amount: -call.price, after, requestId: call.requestId });
        after += call.price;
      }
    }
    ledger.reverse();
    // The newest entry's id versions each charged tenant's balance (and its keys' spend).
    const versions = new Map<string, bigint>();
    if (ledger.length > 0) {
      const entries = await prepared<{ tenant_id: string; version: string }>(
        client,
        "settle:ledger",
        `WITH inserted AS (
           INSERT INTO ledger_entries (tenant_id, kind, amount, balance_after, idempotency_key, reference)
           SELECT tenant_id, 'USAGE', amount, balance_after, 'usage:' || request_id, request_id
           FROM unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::text[])
             AS v(tenant_id, amount, balance_after, request_id)
           RETURNING tenant_id, id
         )
         SELECT tenant_id, max(id)::text AS version FROM inserted GROUP BY tenant_id`,
        [
          ledger.map((l) => l.tenantId),
          ledger.map((l) => l.amount.toString()),
          ledger.map((l) => l.after.toString()),
          ledger.map((l) => l.requestId),
        ],
      );
      for (const row of entries.rows) versions.set(row.tenant_id, BigInt(row.version));
    }
    for (const row of updated.rows) {
      const version = versions.get(row.id);
      if (version !== undefined) {
        committed.balances.push({ tenantId: row.id, version, balance: BigInt(row.balance) });
      }
    }

    await upsertDaily(client, calls);
    const keys = await prepared<{ id: string; tenant_id: string; spent: string }>(
      client,
      "settle:api-keys",
      `UPDATE api_keys k SET spent = k.spent + v.spent, held = k.held - v.released,
         last_used_at = GREATEST(k.last_used_at, v.used)
       FROM (SELECT id, sum(spent) AS spent, sum(released) AS released, max(used) AS used
             FROM unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::timestamptz[])
               AS u(id, spent, released, used) GROUP BY id) v
       WHERE k.id = v.id
       RETURNING k.id, k.tenant_id, k.spent::text`,
      [
        calls.map((c) => c.apiKeyId),
        calls.map((c) => c.price.toString()),
        calls.map((c) => (heldBy.get(c.requestId) ?? 0n).toString()),
        calls.map((c) => c.createdAt.toISOString()),
      ],
    );
    for (const row of keys.rows) {
      const version = versions.get(row.tenant_id);
      if (version !== undefined) {
        committed.spends.push({ apiKeyId: row.id, version, spent: BigInt(row.spent) });
      }
    }
    return committed;
  });
}

/** Holds already granted elsewhere: recorded, and counted in their tenants' `held`. */

async function insertHolds(client: pg.PoolClient, holds: HoldRecord[]): Promise<void> {
  // A retried batch (its commit's answer was lost) finds its holds there already: counted once.
  const inserted = await prepared<{ tenant_id: string; api_key_id: string; amount: string }>(
    client,
    "settle:insert-holds",
    `INSERT INTO holds (id, tenant_id, api_key_id, request_id, amount, instance_id, expires_at)
     SELECT gen_random_uuid(), tenant_id, api_key_id, request_id, amount, instance_id,
            now() + ttl_ms * interval '1 millisecond'
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bigint[], $5::int[], $6::uuid[])
       AS h(tenant_id, api_key_id, request_id, amount, ttl_ms, instance_id)
     ON CONFLICT (request_id) DO NOTHING
     RETURNING tenant_id, api_key_id, amount::text`,
    [
      holds.map((h) => h.tenantId),
      holds.map((h) => h.apiKeyId),
      holds.map((h) => h.requestId),
      holds.map((h) => h.amount.toString()),
      holds.map((h) => h.ttlMs),
      holds.map((h) => h.instanceId),
    ],
  );
  const amounts = inserted.rows.map((r) => BigInt(r.amount));
  await moveHeld(
    client,
    "tenants",
    inserted.rows.map((r) => r.tenant_id),
    amounts,
  );
  await moveHeld(
    client,
    "api_keys",
    inserted.rows.map((r) => r.api_key_id),
    amounts,
  );
}
