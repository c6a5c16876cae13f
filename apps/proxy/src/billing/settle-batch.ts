// One batch of the settlement writer, in one transaction (the steps are listed in
// settlement-writer.ts).
import type pg from "pg";
import { upsertDaily } from "./daily-rollup.ts";
import type { Settlement } from "./settlement.ts";
import type { Committed, HoldRecord, Item } from "./settlement-writer.ts";

export async function writeBatch(pool: pg.Pool, items: Item[]): Promise<Committed> {
  const committed: Committed = { tenants: new Map(), keys: new Map() };
  const holds = items.flatMap((i) => (i.hold ? [i.hold] : []));
  const batch = items.flatMap((i) => (i.settlement ? [i.settlement] : []));
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    // Lock every tenant of the batch first, in id order. Inserting rows that reference a tenant
    // takes a share lock on it; locking later, after such inserts, deadlocks with another
    // replica's writer doing the same the other way round.
    const tenants = [...new Set(items.map((i) => (i.hold ?? i.settlement).tenantId))].sort();
    await client.query(
      "SELECT 1 FROM tenants WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE",
      [tenants],
    );
    if (holds.length > 0) await insertHolds(client, holds);
    if (batch.length === 0) {
      await client.query("COMMIT");
      return committed;
    }
    const inserted = await client.query<{ request_id: string }>(
      `INSERT INTO usage_records (request_id, tenant_id, api_key_id, channel_id, model, upstream_model,
         endpoint, stream, status, error_code, prompt_tokens, completion_tokens, cached_tokens, images,
         audio_seconds, price, upstream_cost, latency_ms, first_byte_ms, client_ip, created_at)
       SELECT * FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[],
         $7::text[], $8::bool[], $9::int[], $10::text[], $11::int[], $12::int[], $13::int[], $14::int[],
         $15::int[], $16::bigint[], $17::bigint[], $18::int[], $19::int[], $20::text[], $21::timestamptz[])
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
      ],
    );
    const fresh = new Set(inserted.rows.map((r) => r.request_id));
    const calls = batch.filter((s) => fresh.has(s.requestId));
    if (calls.length === 0) {
      await client.query("COMMIT");
      return committed;
    }

    const closedHolds = await client.query<{ request_id: string; amount: string }>(
      `UPDATE holds SET state = 'SETTLED', closed_at = now()
       WHERE request_id = ANY($1::text[]) AND state = 'HELD'
       RETURNING request_id, amount::text`,
      [calls.map((s) => s.requestId)],
    );
    const heldBy = new Map(closedHolds.rows.map((r) => [r.request_id, BigInt(r.amount)]));

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
    const updated = await client.query<{ id: string; balance: string }>(
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
    if (ledger.length > 0) {
      await client.query(
        `INSERT INTO ledger_entries (tenant_id, kind, amount, balance_after, idempotency_key, reference)
         SELECT tenant_id, 'USAGE', amount, balance_after, 'usage:' || request_id, request_id
         FROM unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::text[])
           AS v(tenant_id, amount, balance_after, request_id)`,
        [
          ledger.map((l) => l.tenantId),
          ledger.map((l) => l.amount.toString()),
          ledger.map((l) => l.after.toString()),
          ledger.map((l) => l.requestId),
        ],
      );
    }

    await upsertDaily(client, calls);
    await client.query(
      `UPDATE api_keys k SET spent = k.spent + v.spent, last_used_at = GREATEST(k.last_used_at, v.used)
       FROM (SELECT id, sum(spent) AS spent, max(used) AS used
             FROM unnest($1::uuid[], $2::bigint[], $3::timestamptz[]) AS u(id, spent, used) GROUP BY id) v
       WHERE k.id = v.id`,
      [
        calls.map((c) => c.apiKeyId),
        calls.map((c) => c.price.toString()),
        calls.map((c) => c.createdAt.toISOString()),
      ],
    );
    await client.query("COMMIT");
    for (const call of calls) {
      const delta = (heldBy.get(call.requestId) ?? 0n) - call.price;
      committed.tenants.set(call.tenantId, (committed.tenants.get(call.tenantId) ?? 0n) + delta);
      committed.keys.set(call.apiKeyId, (committed.keys.get(call.apiKeyId) ?? 0n) + delta);
    }
    return committed;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Holds already granted elsewhere: recorded, and counted in their tenants' `held`. */

async function insertHolds(client: pg.PoolClient, holds: HoldRecord[]): Promise<void> {
  await client.query(
    `INSERT INTO holds (id, tenant_id, api_key_id, request_id, amount, expires_at)
     SELECT gen_random_uuid(), tenant_id, api_key_id, request_id, amount,
            now() + ttl_ms * interval '1 millisecond'
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bigint[], $5::int[])
       AS h(tenant_id, api_key_id, request_id, amount, ttl_ms)`,
    [
      holds.map((h) => h.tenantId),
      holds.map((h) => h.apiKeyId),
      holds.map((h) => h.requestId),
      holds.map((h) => h.amount.toString()),
      holds.map((h) => h.ttlMs),
    ],
  );
  const perTenant = new Map<string, bigint>();
  for (const hold of holds)
    perTenant.set(hold.tenantId, (perTenant.get(hold.tenantId) ?? 0n) + hold.amount);
  const ids = [...perTenant.keys()].sort();
  await client.query(
    `UPDATE tenants t SET held = t.held + v.amount
     FROM unnest($1::uuid[], $2::bigint[]) AS v(id, amount) WHERE t.id = v.id`,
    [ids, ids.map((id) => perTenant.get(id)?.toString() ?? "0")],
  );
}
