// Group commit for the hot path: finished calls queue here and are written many at a time, one
// transaction per batch, within milliseconds. Each batch, atomically:
//   1. inserts the usage records (a request id already recorded is skipped: never charged twice),
//   2. closes the holds of those calls, still open, and learns how much each one held,
//   3. moves each tenant's balance by the prices and held by the released holds (the batch's
//      tenants are locked first, in id order, so replicas' writers never deadlock),
//   4. appends one USAGE ledger entry per charged call, with the balance it left,
//   5. adds the calls to the daily rollups and to each key's spend.
// With Redis holds (redis-holds.ts) the holds themselves are written through this queue too,
// ahead of their settlements, so Postgres keeps the same record in both modes: those of calls
// still running after `holdWriteDelayMs`. A call that ends sooner (most do) never writes its hold
// at all; its settlement tells the mirror the hold is closed. Until then only Redis (and the
// owner's list there, which releases it if this process dies) knows of it.
// A graceful stop flushes the queue. A crash loses at most the queued batch: those calls' holds
// stay open until the dead process's holds are released (holds/owners.ts).
import type pg from "pg";
import { consoleFailureLog, type FailureLog } from "../failure-log.ts";
import { isUnavailable } from "../unavailable.ts";
import { writeBatch } from "./batch.ts";
import type { Settlement } from "./settlement.ts";

/** A hold placed outside Postgres (in Redis), to be recorded here. */
export interface HoldRecord {
  requestId: string;
  tenantId: string;
  apiKeyId: string;
  amount: bigint;
  ttlMs: number;
  /** The process that owns it (holds/owners.ts); null for a platform-owned hold. */
  instanceId: string | null;
  /** Covered by its process's lease (holds/redis-leases.ts): no hold of its own in the mirror. */
  inLease?: boolean;
}

/**
 * The record of a hold `request` placed, built field by field: on Node 20 a spread followed by
 * more properties (`{ ...request, instanceId }`) takes V8's slow path, about a microsecond a call.
 */
export function holdRecord(
  request: Pick<HoldRecord, "requestId" | "tenantId" | "apiKeyId" | "amount" | "ttlMs">,
  instanceId: string | null,
  inLease: boolean,
): HoldRecord {
  return {
    requestId: request.requestId,
    tenantId: request.tenantId,
    apiKeyId: request.apiKeyId,
    amount: request.amount,
    ttlMs: request.ttlMs,
    instanceId,
    inLease,
  };
}

/** What a committed batch did, for mirrors of these amounts (Redis holds) to follow exactly. */
export interface Committed {
  /** The holds the batch closed. */
  closed: { requestId: string; tenantId: string; apiKeyId: string; amount: bigint }[];
  /** Each charged tenant's balance, versioned by the id of its newest ledger entry. */
  balances: { tenantId: string; version: bigint; balance: bigint }[];
  /** Each charged key's spend, versioned like its tenant's balance. */
  spends: { apiKeyId: string; version: bigint; spent: bigint }[];
  /** Every settlement of the batch and its price (recorded now, or by an earlier attempt). */
  settled: { requestId: string; price: bigint }[];
}

export interface SettlementSink {
  /** Resolves once the settlement is committed. */
  settle(settlement: Settlement): Promise<void>;
  /** Records a hold placed elsewhere; it is written before any later settlement. */
  recordHold(hold: HoldRecord): void;
  /** Holds and settlements waiting for a batch (not yet being written). */
  queued(): number;
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** One committed batch: how many items, and how long its transaction took. */
export interface BatchStats {
  size: number;
  ms: number;
}

export type Item =
  | { hold: HoldRecord; settlement?: undefined }
  | {
      settlement: Settlement;
      hold?: undefined;
      /** The call's hold, never written to Postgres: closed with the settlement, in the mirror. */
      unwrittenHold?: HoldRecord;
    };

type Pending = Item & {
  /** When it was queued (performance.now()). */
  at: number;
  resolve: () => void;
  reject: (error: unknown) => void;
};

export interface WriterOptions {
  /** How long the first call of a batch waits for company. */
  delayMs?: number;
  /** A hold recorded here is written only if its call is still running this long (default 1 s). */
  holdWriteDelayMs?: number;
  maxBatch?: number;
  /** Told after each commit, e.g. to move Redis balances by the same amounts. */
  onCommitted?: (committed: Committed) => Promise<void>;
  /** How long a stop keeps retrying while the database is unreachable (default 30 s). */
  closingRetryMs?: number;
  /** Told after each committed batch (metrics). */
  onBatch?: (stats: BatchStats) => void;
  /** Failures the writer handles itself: retried batches, failed items, a failed hook. */
  log?: FailureLog;
}

export function createSettlementWriter(pool: pg.Pool, options: WriterOptions = {}): SettlementSink {
  const delayMs = options.delayMs ?? 20;
  const maxBatch = options.maxBatch ?? 500;
  const holdWriteDelayMs = options.holdWriteDelayMs ?? 1_000;
  /** Holds of calls still running, not yet due for writing, in the order they were placed. */
  const unwritten = new Map<string, { hold: HoldRecord; due: number }>();
  let holdTimer: NodeJS.Timeout | undefined;
  const log = options.log ?? consoleFailureLog;
  let queue: Pending[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let closed = false;
  let outage = 0;
  let closingOutageSince: number | undefined;

  function schedule(): void {
    if (queue.length >= maxBatch) {
      void drain();
      return;
    }
    timer ??= setTimeout(() => void drain(), delayMs);
  }

  function queueHold(hold: HoldRecord): void {
    // A failed hold is logged as a failed item; its call goes on, so there is no one to tell.
    queue.push({ hold, at: performance.now(), resolve: () => {}, reject: () => {} });
  }

  /** Queues the holds whose calls have run past the delay (all of them with `all`). */
  function queueDueHolds(all = false): void {
    const now = performance.now();
    for (const [requestId, { hold, due }] of unwritten) {
      if (!all && due > now) break;
      unwritten.delete(requestId);
      queueHold(hold);
    }
    if (holdTimer) clearTimeout(holdTimer);
    holdTimer = undefined;
    const next = unwritten.values().next().value;
    if (next) {
      holdTimer = setTimeout(
        () => {
          queueDueHolds();
          schedule();
        },
        Math.max(1, next.due - now),
      );
      holdTimer.unref();
    }
  }

  /** Writes what is queued; `all` (a flush) does not wait for the batch to fill. */
  function drain(all = false): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    // One batch at a time, in order: the next waits for the previous commit.
    running = running.then(async () => {
      while (queue.length > 0) {
        // What queued during a commit waits out its own delay too: a batch of one call costs the
        // database almost what a batch of fifty does (its commit, the function call), so batches
        // go no more often than every `delayMs`, unless full.
        const wait = (queue[0]?.at ?? 0) + delayMs - performance.now();
        if (!all && !closed && queue.length < maxBatch && wait > 1) {
          timer ??= setTimeout(() => void drain(), wait);
          return;
        }
        const batch = queue.slice(0, maxBatch);
        queue = queue.slice(maxBatch);
        try {
          await commit(batch);
          outage = 0;
        } catch (error) {
          if (isUnavailable(error) && !gaveUp()) {
            // The database is unreachable: nothing was written. Keep the batch, in order, and
            // try again shortly; a usage is never dropped because Postgres restarted.
            queue = [...batch, ...queue];
            outage += 1;
            if (outage === 1) {
              log.warn(
                { err: error, size: batch.length },
                "database unreachable; batch kept and retried",
              );
            }
            await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** outage, 2_000)));
            continue;
          }
          // Bad data in one item must not cost the others their settlement: one by one.
          log.error(
            { err: error, size: batch.length },
            "settlement batch failed; writing its items one by one",
          );
          for (const item of batch) {
            await commit([item]).catch((itemError: unknown) => {
              log.error(
                {
                  err: itemError,
                  requestId: item.settlement?.requestId ?? item.hold?.requestId,
                  kind: item.settlement ? "settlement" : "hold",
                },
                "settlement item failed",
              );
              item.reject(itemError);
            });
          }
        }
      }
    });
    return running;
  }

  async function commit(batch: Pending[]): Promise<void> {
    const started = performance.now();
    const committed = await writeBatch(pool, batch);
    options.onBatch?.({ size: batch.length, ms: performance.now() - started });
    await options.onCommitted?.(committed).catch((error: unknown) => {
      log.error(
        { err: error, closed: committed.closed.length, balances: committed.balances.length },
        "after-commit hook failed: mirrors of these balances and holds may lag",
      );
    });
    for (const p of batch) p.resolve();
  }

  /** While stopping, an outage is waited out for a while, not forever. */
  function gaveUp(): boolean {
    if (!closed) return false;
    closingOutageSince ??= Date.now();
    return Date.now() - closingOutageSince > (options.closingRetryMs ?? 30_000);
  }

  return {
    settle(settlement) {
      if (closed) return Promise.reject(new Error("settlement writer is closed"));
      const unwrittenHold = unwritten.get(settlement.requestId)?.hold;
      if (unwrittenHold) unwritten.delete(settlement.requestId);
      return new Promise<void>((resolve, reject) => {
        queue.push({ settlement, unwrittenHold, at: performance.now(), resolve, reject });
        schedule();
      });
    },
    recordHold(hold) {
      // A platform-owned hold outlives its call and may be settled by another process: at once.
      if (hold.instanceId !== null && holdWriteDelayMs > 0) {
        unwritten.set(hold.requestId, { hold, due: performance.now() + holdWriteDelayMs });
        if (!holdTimer) queueDueHolds();
        return;
      }
      queueHold(hold);
      schedule();
    },
    queued: () => queue.length,
    flush() {
      queueDueHolds(true);
      return drain(true);
    },
    async close() {
      closed = true;
      queueDueHolds(true);
      await drain(true);
    },
  };
}
