// Holds reserve a call's maximum price before it is forwarded. In Postgres a reservation is one
// statement: the tenant's `held` grows only if balance - held still covers it (the row lock makes
// concurrent reservations queue, so available money is never promised twice), and the hold rows
// are written in the same statement for the reconciler.
//
// Every hold of a tenant updates that tenant's one row, so per-call statements would queue
// behind each other. Reservations are therefore batched per tenant, naturally: while one
// statement for a tenant is in flight, the next calls wait together and go in the next one,
// which grants the longest prefix of them (in arrival order) that the balance covers.
//
// A key's budget counts its spend and its open holds; concurrent calls of one budgeted key are
// checked against the same snapshot, so a burst can overrun the budget by at most its holds.
//
// Overdraft bound: a call is charged its actual usage, which can exceed its hold only when the
// upstream reports more prompt tokens than our tokenizer counted (tool schemas, images). So a
// balance can end below zero by at most the sum of such differences over calls in flight.
import type pg from "pg";

export interface HoldRequest {
  requestId: string;
  tenantId: string;
  apiKeyId: string;
  amount: bigint;
  ttlMs: number;
  /** The key has a spending budget to check too. */
  budgeted: boolean;
}

export type HoldResult = { ok: true } | { ok: false; reason: "balance" | "budget" };

export interface HoldStore {
  reserve(request: HoldRequest): Promise<HoldResult>;
}

interface Waiting {
  request: HoldRequest;
  resolve(result: HoldResult): void;
  reject(error: unknown): void;
}

export function createPgHoldStore(pool: pg.Pool, options: { maxBatch?: number } = {}): HoldStore {
  const maxBatch = options.maxBatch ?? 256;
  const queues = new Map<string, Waiting[]>();

  async function drain(tenantId: string, queue: Waiting[]): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      try {
        const granted = await reserveBatch(
          pool,
          tenantId,
          batch.map((w) => w.request),
        );
        for (const w of batch) {
          w.resolve(
            granted.has(w.request.requestId) ? { ok: true } : { ok: false, reason: "balance" },
          );
        }
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    queues.delete(tenantId);
  }

  return {
    reserve(request) {
      // Budgeted keys are checked one by one, against their own spend and open holds.
      if (request.budgeted) return reserveOne(pool, request);
      return new Promise<HoldResult>((resolve, reject) => {
        const waiting = queues.get(request.tenantId);
        if (waiting) {
          waiting.push({ request, resolve, reject });
          return;
        }
        const queue: Waiting[] = [{ request, resolve, reject }];
        queues.set(request.tenantId, queue);
        void drain(request.tenantId, queue);
      });
    },
  };
}

/** One statement for many calls of one tenant: grants the longest affordable prefix. */
async function reserveBatch(
  pool: pg.Pool,
  tenantId: string,
  requests: HoldRequest[],
): Promise<Set<string>> {
  const { rows } = await pool.query<{ request_id: string }>(
    `WITH tenant AS (
       SELECT balance - held AS available FROM tenants
       WHERE id = $1::uuid AND status = 'ACTIVE' FOR NO KEY UPDATE
     ), wanted AS (
       SELECT r.*, sum(r.amount) OVER (ORDER BY r.ord) AS running
       FROM unnest($2::text[], $3::uuid[], $4::bigint[], $5::int[]) WITH ORDINALITY
         AS r(request_id, api_key_id, amount, ttl_ms, ord)
     ), granted AS (
       SELECT wanted.* FROM wanted, tenant WHERE wanted.running <= tenant.available
     ), counted AS (
       UPDATE tenants SET held = held + (SELECT coalesce(sum(amount), 0) FROM granted)
       WHERE id = $1::uuid AND EXISTS (SELECT 1 FROM granted)
     )
     INSERT INTO holds (id, tenant_id, api_key_id, request_id, amount, expires_at)
     SELECT gen_random_uuid(), $1::uuid, api_key_id, request_id, amount,
            now() + ttl_ms * interval '1 millisecond'
     FROM granted
     RETURNING request_id`,
    [
      tenantId,
      requests.map((r) => r.requestId),
      requests.map((r) => r.apiKeyId),
      requests.map((r) => r.amount.toString()),
      requests.map((r) => r.ttlMs),
    ],
  );
  return new Set(rows.map((r) => r.request_id));
}

async function reserveOne(pool: pg.Pool, request: HoldRequest): Promise<HoldResult> {
  const amount = request.amount.toString();
  const result = await pool.query(
    `WITH key_ok AS (
       SELECT 1 FROM api_keys k
       WHERE k.id = $3::uuid AND (k.budget IS NULL OR k.spent + $2::bigint
         + (SELECT coalesce(sum(h.amount), 0) FROM holds h
            WHERE h.api_key_id = k.id AND h.state = 'HELD') <= k.budget)
     ), tenant AS (
       UPDATE tenants SET held = held + $2::bigint
       WHERE id = $1::uuid AND status = 'ACTIVE' AND balance - held >= $2::bigint
         AND EXISTS (SELECT 1 FROM key_ok)
       RETURNING id
     )
     INSERT INTO holds (id, tenant_id, api_key_id, request_id, amount, expires_at)
     SELECT gen_random_uuid(), $1::uuid, $3::uuid, $4, $2::bigint, now() + $5 * interval '1 millisecond'
     FROM tenant
     RETURNING id`,
    [request.tenantId, amount, request.apiKeyId, request.requestId, request.ttlMs],
  );
  if (result.rowCount === 1) return { ok: true };
  const budget = await pool.query(
    `SELECT 1 FROM api_keys k WHERE k.id = $1::uuid AND k.budget IS NOT NULL AND k.spent + $2::bigint
       + (SELECT coalesce(sum(h.amount), 0) FROM holds h
          WHERE h.api_key_id = k.id AND h.state = 'HELD') > k.budget`,
    [request.apiKeyId, amount],
  );
  return { ok: false, reason: budget.rowCount ? "budget" : "balance" };
}
