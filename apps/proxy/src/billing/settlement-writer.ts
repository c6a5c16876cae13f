// Group commit for the hot path: finished calls queue here and are written many at a time, one
// transaction per batch, within milliseconds. Each batch, atomically:
//   1. inserts the usage records (a request id already recorded is skipped: never charged twice),
//   2. closes the holds of those calls, still open, and learns how much each one held,
//   3. moves each tenant's balance by the prices and held by the released holds (the batch's
//      tenants are locked first, in id order, so replicas' writers never deadlock),
//   4. appends one USAGE ledger entry per charged call, with the balance it left,
//   5. adds the calls to the daily rollups and to each key's spend.
// With Redis holds (redis-holds.ts) the holds themselves are written through this queue too,
// ahead of their settlements, so Postgres keeps the same record in both modes.
// A graceful stop flushes the queue. A crash loses at most the queued batch: those calls' holds
// stay open and the start-up reconciler releases them (see reconcile.ts).
import type pg from "pg";
import type { Settlement } from "./settlement.ts";

/** A hold placed outside Postgres (in Redis), to be recorded here. */
export interface HoldRecord {
  requestId: string;
  tenantId: string;
  apiKeyId: string;
  amount: bigint;
  ttlMs: number;
}

/** What a committed batch did to each tenant's and key's spendable money: released - charged. */
export interface Committed {
  tenants: Map<string, bigint>;
  keys: Map<string, bigint>;
}

export interface SettlementSink {
  /** Resolves once the settlement is committed. */
  settle(settlement: Settlement): Promise<void>;
  /** Records a hold placed elsewhere; it is written before any later settlement. */
  recordHold(hold: HoldRecord): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}

type Item =
  | { hold: HoldRecord; settlement?: undefined }
  | { settlement: Settlement; hold?: undefined };

type Pending = Item & {
  resolve: () => void;
  reject: (error: unknown) => void;
};

export interface WriterOptions {
  /** How long the first call of a batch waits for company. */
  delayMs?: number;
  maxBatch?: number;
  /** Told after each commit, e.g. to move Redis balances by the same amounts. */
  onCommitted?: (committed: Committed) => Promise<void>;
}

export function createSettlementWriter(pool: pg.Pool, options: WriterOptions = {}): SettlementSink {
  const delayMs = options.delayMs ?? 2;
  const maxBatch = options.maxBatch ?? 500;
  let queue: Pending[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let closed = false;

  function schedule(): void {
    if (queue.length >= maxBatch) {
      void drain();
      return;
    }
    timer ??= setTimeout(() => void drain(), delayMs);
  }

  function drain(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    // One batch at a time, in order: the next waits for the previous commit.
    running = running.then(async () => {
      while (queue.length > 0) {
        const batch = queue.slice(0, maxBatch);
        queue = queue.slice(maxBatch);
        try {
          const committed = await writeBatch(pool, batch);
          await options.onCommitted?.(committed).catch((error: unknown) => {
            console.error("after-commit hook failed", error);
          });
          for (const p of batch) p.resolve();
        } catch (error) {
          console.error(`settlement batch of ${batch.length} failed`, error);
          for (const p of batch) p.reject(error);
        }
      }
    });
    return running;
  }

  return {
    settle(settlement) {
      if (closed) return Promise.reject(new Error("settlement writer is closed"));
      return new Promise<void>((resolve, reject) => {
        queue.push({ settlement, resolve, reject });
        schedule();
      });
    },
    recordHold(hold) {
      queue.push({
        hold,
        resolve: () => {},
        reject: (error) => console.error(`hold ${hold.requestId} not recorded`, error),
      });
      schedule();
    },
    flush: drain,
    async close() {
      closed = true;
      await drain();
    },
  };
}

function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

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

async function upsertDaily(client: pg.PoolClient, calls: Settlement[]): Promise<void> {
  const rows = new Map<
    string,
    {
      tenantId: string;
      day: string;
      apiKeyId: string;
      model: string;
      requests: number;
      errors: number;
      prompt: bigint;
      completion: bigint;
      cached: bigint;
      images: number;
      audio: bigint;
      price: bigint;
      cost: bigint;
    }
  >();
  for (const c of calls) {
    const day = dayOf(c.createdAt);
    const key = `${c.tenantId}|${day}|${c.apiKeyId}|${c.model}`;
    const row = rows.get(key) ?? {
      tenantId: c.tenantId,
      day,
      apiKeyId: c.apiKeyId,
      model: c.model,
      requests: 0,
      errors: 0,
      prompt: 0n,
      completion: 0n,
      cached: 0n,
      images: 0,
      audio: 0n,
      price: 0n,
      cost: 0n,
    };
    row.requests += 1;
    if (c.status >= 400) row.errors += 1;
    row.prompt += BigInt(c.promptTokens);
    row.completion += BigInt(c.completionTokens);
    row.cached += BigInt(c.cachedTokens);
    row.images += c.images;
    row.audio += BigInt(c.audioSeconds);
    row.price += c.price;
    row.cost += c.upstreamCost;
    rows.set(key, row);
  }
  const list = [...rows.values()].sort((a, b) =>
    `${a.tenantId}${a.day}${a.apiKeyId}${a.model}`.localeCompare(
      `${b.tenantId}${b.day}${b.apiKeyId}${b.model}`,
    ),
  );
  await client.query(
    `INSERT INTO usage_daily AS d (tenant_id, day, api_key_id, model, requests, errors, prompt_tokens,
       completion_tokens, cached_tokens, images, audio_seconds, price, upstream_cost)
     SELECT * FROM unnest($1::uuid[], $2::date[], $3::uuid[], $4::text[], $5::int[], $6::int[],
       $7::bigint[], $8::bigint[], $9::bigint[], $10::int[], $11::bigint[], $12::bigint[], $13::bigint[])
     ON CONFLICT (tenant_id, day, api_key_id, model) DO UPDATE SET
       requests = d.requests + EXCLUDED.requests,
       errors = d.errors + EXCLUDED.errors,
       prompt_tokens = d.prompt_tokens + EXCLUDED.prompt_tokens,
       completion_tokens = d.completion_tokens + EXCLUDED.completion_tokens,
       cached_tokens = d.cached_tokens + EXCLUDED.cached_tokens,
       images = d.images + EXCLUDED.images,
       audio_seconds = d.audio_seconds + EXCLUDED.audio_seconds,
       price = d.price + EXCLUDED.price,
       upstream_cost = d.upstream_cost + EXCLUDED.upstream_cost`,
    [
      list.map((r) => r.tenantId),
      list.map((r) => r.day),
      list.map((r) => r.apiKeyId),
      list.map((r) => r.model),
      list.map((r) => r.requests),
      list.map((r) => r.errors),
      list.map((r) => r.prompt.toString()),
      list.map((r) => r.completion.toString()),
      list.map((r) => r.cached.toString()),
      list.map((r) => r.images),
      list.map((r) => r.audio.toString()),
      list.map((r) => r.price.toString()),
      list.map((r) => r.cost.toString()),
    ],
  );
}
