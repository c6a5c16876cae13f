// Holds reserve a call's maximum price before it is forwarded. In Postgres the reservation is one
// statement: the tenant's `held` grows only if balance - held still covers it (the row lock makes
// concurrent reservations queue, so available money is never promised twice), and the hold row
// is written in the same statement for the reconciler.
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

export function createPgHoldStore(pool: pg.Pool): HoldStore {
  return {
    async reserve(request) {
      const amount = request.amount.toString();
      const result = await pool.query(
        `WITH key_ok AS (
           SELECT 1 FROM api_keys k
           WHERE k.id = $3::uuid AND (k.budget IS NULL OR k.spent + $2::bigint
             + (SELECT coalesce(sum(h.amount), 0) FROM holds h
                WHERE h.api_key_id = k.id AND h.state = 'HELD') <= k.budget)
         ), tenant AS (
           UPDATE tenants SET held = held + $2::bigint
           WHERE id = $1::uuid AND balance - held >= $2::bigint AND EXISTS (SELECT 1 FROM key_ok)
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
    },
  };
}
