// Holds in Postgres (one instance, or replicas without Redis). A reservation is one statement:
// the tenant's `held` grows only if balance - held still covers it, and for a budgeted key its
// `held` grows only if budget - spent - held covers it too. Both are single-row conditional
// updates, which Postgres re-checks on the newest row version after waiting for the row lock, so
// concurrent reservations on any number of replicas never promise the same money twice.
//
// Every hold of a tenant updates that tenant's one row, so per-call statements would queue behind
// each other. Reservations of unbudgeted keys are therefore batched per tenant: while one
// statement for a tenant is in flight, the next calls wait together and go in the next one, which
// grants them in arrival order as long as each still fits what is left.
//
// Lock order, everywhere money moves: the tenant row first, then its keys' rows.
//
// Overdraft bound: a call is charged its actual usage, which can exceed its hold only when the
// upstream reports more prompt tokens than our tokenizer counted (tool schemas, images). So a
// balance can end below zero by at most the sum of such differences over calls in flight.
import type pg from "pg";
import type { FailureLog } from "../failure-log.ts";
import { HoldsUnavailableError, isUnavailable } from "../unavailable.ts";
import { createAbandonedReleaser } from "./abandoned.ts";
import { releaseRequests } from "./owners.ts";
import { batchPerTenant } from "./tenant-batches.ts";
import type { HoldRequest, HoldResult, HoldStore } from "./types.ts";

export function createPgHoldStore(
  pool: pg.Pool,
  options: { instanceId: () => string; maxBatch?: number; log?: FailureLog },
): HoldStore {
  const reserveQueued = batchPerTenant(async (tenantId, requests) => {
    const granted = await reserveBatch(pool, options.instanceId(), tenantId, requests);
    return requests.map(
      (r): HoldResult =>
        granted.has(r.requestId) ? { ok: true } : { ok: false, reason: "balance" },
    );
  }, options.maxBatch);

  function reserve(request: HoldRequest, instanceId: string): Promise<HoldResult> {
    if (request.owner === "platform") return reserveBudgeted(pool, null, request);
    if (request.budgeted) return reserveBudgeted(pool, instanceId, request);
    return reserveQueued(request);
  }

  const abandoned = createAbandonedReleaser(
    async (reservations) => {
      await releaseRequests(
        pool,
        reservations.map((r) => r.requestId),
      );
    },
    { log: options.log },
  );

  return {
    reserve: (request) => {
      const instanceId = options.instanceId();
      return reserve(request, instanceId).catch((error: unknown) => {
        if (!isUnavailable(error)) throw error;
        // The statement may have committed before its answer was lost: release it if so.
        abandoned.add({ ...request, instanceId });
        throw new HoldsUnavailableError(error);
      });
    },
  };
}

/** One statement for many calls of one tenant: grants, in order, each call that still fits. */
async function reserveBatch(
  pool: pg.Pool,
  instanceId: string,
  tenantId: string,
  requests: HoldRequest[],
): Promise<Set<string>> {
  const { rows } = await pool.query<{ request_id: string }>(
    `WITH RECURSIVE tenant AS (
       SELECT balance - held AS available FROM tenants
       WHERE id = $1::uuid AND status = 'ACTIVE' FOR NO KEY UPDATE
     ), wanted AS (
       SELECT * FROM unnest($2::text[], $3::uuid[], $4::bigint[], $5::int[]) WITH ORDINALITY
         AS r(request_id, api_key_id, amount, ttl_ms, ord)
     ), walk AS (
       -- In arrival order, each call that still fits is granted; one that does not is refused
       -- without refusing the cheaper calls behind it.
       SELECT 0::bigint AS ord, available AS remaining, false AS granted FROM tenant
       UNION ALL
       SELECT w.ord, CASE WHEN w.amount <= walk.remaining THEN walk.remaining - w.amount
                          ELSE walk.remaining END,
              w.amount <= walk.remaining
       FROM walk JOIN wanted w ON w.ord = walk.ord + 1
     ), granted AS (
       SELECT wanted.* FROM wanted JOIN walk USING (ord) WHERE walk.granted
     ), counted AS (
       UPDATE tenants SET held = held + (SELECT coalesce(sum(amount), 0) FROM granted)
       WHERE id = $1::uuid AND EXISTS (SELECT 1 FROM granted)
       RETURNING id
     ), keys AS (
       UPDATE api_keys k SET held = k.held + g.amount
       FROM (SELECT api_key_id, sum(amount) AS amount FROM granted GROUP BY api_key_id) g
       WHERE k.id = g.api_key_id AND EXISTS (SELECT 1 FROM counted)
     )
     INSERT INTO holds (id, tenant_id, api_key_id, request_id, amount, instance_id, expires_at)
     SELECT gen_random_uuid(), $1::uuid, api_key_id, request_id, amount, $6::uuid,
            now() + ttl_ms * interval '1 millisecond'
     FROM granted
     RETURNING request_id`,
    [
      tenantId,
      requests.map((r) => r.requestId),
      requests.map((r) => r.apiKeyId),
      requests.map((r) => r.amount.toString()),
      requests.map((r) => r.ttlMs),
      instanceId,
    ],
  );
  return new Set(rows.map((r) => r.request_id));
}

/**
 * A budgeted key's call (or a platform-owned hold, instanceId null): the tenant row is locked
 * first (lock order), then the key's and the tenant's `held` grow only if each still covers the
 * amount.
 */
async function reserveBudgeted(
  pool: pg.Pool,
  instanceId: string | null,
  request: HoldRequest,
): Promise<HoldResult> {
  const { rows } = await pool.query<{ tenant_ok: boolean; key_ok: boolean; held: boolean }>(
    `WITH tenant AS (
       SELECT balance - held >= $2::bigint AS ok FROM tenants
       WHERE id = $1::uuid AND status = 'ACTIVE' FOR NO KEY UPDATE
     ), key AS (
       UPDATE api_keys SET held = held + $2::bigint
       WHERE id = $3::uuid AND (SELECT ok FROM tenant)
         AND (budget IS NULL OR spent + held + $2::bigint <= budget)
       RETURNING id
     ), counted AS (
       UPDATE tenants SET held = held + $2::bigint
       WHERE id = $1::uuid AND EXISTS (SELECT 1 FROM key)
       RETURNING id
     ), inserted AS (
       INSERT INTO holds (id, tenant_id, api_key_id, request_id, amount, instance_id, expires_at)
       SELECT gen_random_uuid(), $1::uuid, $3::uuid, $4, $2::bigint, $6::uuid,
              now() + $5 * interval '1 millisecond'
       FROM counted
       RETURNING id
     )
     SELECT coalesce((SELECT ok FROM tenant), false) AS tenant_ok,
            EXISTS (SELECT 1 FROM key) AS key_ok,
            EXISTS (SELECT 1 FROM inserted) AS held`,
    [
      request.tenantId,
      request.amount.toString(),
      request.apiKeyId,
      request.requestId,
      request.ttlMs,
      instanceId,
    ],
  );
  const row = rows[0];
  if (row?.held) return { ok: true };
  return { ok: false, reason: row?.tenant_ok ? "budget" : "balance" };
}
