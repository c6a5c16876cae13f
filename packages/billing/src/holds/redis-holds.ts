// Holds in Redis, for many proxy replicas sharing one balance without queueing on its Postgres
// row. One Lua script checks and reserves atomically; the hold is then written through to
// Postgres by the settlement writer (ahead of its settlement), so Postgres keeps the same holds,
// balances and ledger as without Redis and stays the source of truth. Calls of keys without a
// budget are admitted against a lease of their process (redis-leases.ts), a hold in Redis that
// covers many calls: most of them then need no round trip at all.
//
// Redis mirrors, per tenant (and per budgeted key), exactly what a reservation needs, and every
// change to it is idempotent, so no ordering between replicas, notifications and reloads can count
// money twice or forget money in flight:
//   - `balance` (a key's `spent`) is an absolute value with a version, the id of the tenant's newest
//     ledger entry: a change is applied only if its version is newer. Settlement batches and
//     ledger posts (credits, refunds, top-ups: the relay_balance_changed notification) both
//     carry (version, value), so whichever replica applies one first, the rest are no-ops.
//   - open holds are one field each (`r:<request id>`) plus their sum `held`: a release deletes
//     the field and subtracts only if the field was there, so releasing twice is harmless.
//   - a mirror is loaded from Postgres only when it does not exist (first use, or Redis lost it):
//     balance and open holds come from one snapshot. A change that arrives while it does not exist
//     leaves a mark (a newer balance, a released hold's tombstone) that the load respects.
// Each process also keeps the set of its open holds, so when it dies its holds (written through
// or not yet) are released from Redis exactly, as owners.ts releases them from Postgres.
//
// Bound: only if Redis itself loses data while calls are in flight can a reload miss holds not
// yet written through (milliseconds of them); keys expire an hour after their last use, longer
// than any call lives, so expiry never drops an open hold.
import type { ChainableCommander, Redis } from "ioredis";
import type pg from "pg";
import { consoleFailureLog, type FailureLog } from "../failure-log.ts";
import { type Committed, holdRecord, type SettlementSink } from "../settlement/writer.ts";
import { HoldsUnavailableError } from "../unavailable.ts";
import { createAbandonedReleaser } from "./abandoned.ts";
import type { ReleasedHold } from "./owners.ts";
import { createLeases } from "./redis-leases.ts";
import { CLOSE_MANY, LOAD, MIRROR, RELEASE, RESERVE } from "./redis-scripts.ts";
import type { HoldRequest, HoldResult, HoldStore } from "./types.ts";

const TTL_SECONDS = 3600;

interface HoldCommands {
  relayReserve(
    tenant: string,
    key: string,
    owned: string,
    amount: string,
    requestId: string,
    budget: string,
    ttl: number,
    member: string,
  ): Promise<number>;
  relayCloseMany(numKeys: number, ...args: (string | number)[]): Promise<number>;
  relayLoad(numKeys: number, ...args: (string | number)[]): Promise<number>;
}

export interface RedisHoldStore extends HoldStore {
  /** Follow a committed settlement batch: close its holds, move balances and spends. */
  committed(committed: Committed): Promise<void>;
  /** A ledger entry changed a tenant's balance (payload of relay_balance_changed). */
  balanceChanged(change: { tenantId: string; version: bigint; balance: bigint }): Promise<void>;
  /** Holds released in Postgres because their owners died: release them here too. */
  released(holds: ReleasedHold[], deadInstances: string[]): Promise<void>;
  /** A call's settlement failed for good (no charge): its hold in a lease closes. */
  dropped(requestId: string): void;
  /** Gives this process's leases back (a clean stop). */
  close(): Promise<void>;
}

export function createRedisHoldStore(options: {
  redis: Redis;
  pool: pg.Pool;
  sink: SettlementSink;
  /** The current owner of new holds (it changes if this process is fenced). */
  instanceId: () => string;
  prefix?: string;
  log?: FailureLog;
  /** How long a lease nothing uses is kept before it goes back (default 5 s). */
  leaseIdleMs?: number;
}): RedisHoldStore {
  const { redis, pool, sink } = options;
  const prefix = options.prefix ?? "relay:hold";
  redis.defineCommand("relayReserve", { numberOfKeys: 3, lua: RESERVE });
  redis.defineCommand("relayRelease", { numberOfKeys: 2, lua: RELEASE });
  redis.defineCommand("relayMirror", { numberOfKeys: 1, lua: MIRROR });
  redis.defineCommand("relayLoad", { lua: LOAD });
  redis.defineCommand("relayCloseMany", { lua: CLOSE_MANY });
  const commands = redis as unknown as HoldCommands;
  const tenantKey = (id: string) => `${prefix}:tenant:{${id}}`;
  const budgetKey = (id: string) => `${prefix}:key:{${id}}`;
  const ownedKey = (instance: string) => `${prefix}:owner:{${instance}}`;
  const member = (tenantId: string, apiKeyId: string, requestId: string) =>
    `${tenantId}|${apiKeyId}|${requestId}`;

  /** A versioned absolute value: applied only if newer than the mirror's (see MIRROR). */
  const mirror = (
    pipeline: ChainableCommander,
    key: string,
    field: "balance" | "spent",
    version: bigint,
    value: bigint,
  ) => pipeline.relayMirror(key, field, version.toString(), value.toString(), TTL_SECONDS);

  /** Releases holds (idempotently) and takes each off its owner's list, in one script. */
  const closeOwned = (
    pipeline: ChainableCommander,
    holds: { requestId: string; tenantId: string; apiKeyId: string; instanceId?: string }[],
    /** The owner of holds that do not name theirs. */
    owner?: string,
  ) => {
    if (holds.length === 0) return;
    const keys: string[] = [];
    const args: string[] = [];
    for (const h of holds) {
      const instanceId = h.instanceId ?? owner;
      if (instanceId === undefined) throw new Error("Redis holds: a hold to close has no owner");
      keys.push(tenantKey(h.tenantId), budgetKey(h.apiKeyId), ownedKey(instanceId));
      args.push(h.requestId, member(h.tenantId, h.apiKeyId, h.requestId));
    }
    pipeline.relayCloseMany(keys.length, ...keys, TTL_SECONDS, ...args);
  };

  async function load(
    mirror: string,
    field: "balance" | "spent",
    snapshot: { version: string; value: string; holds: { r: string; a: string; o: string }[] },
  ): Promise<void> {
    const owners = [...new Set(snapshot.holds.map((h) => h.o))];
    const args: (string | number)[] = [field, snapshot.version, snapshot.value, TTL_SECONDS];
    for (const h of snapshot.holds) args.push(h.r, h.a, owners.indexOf(h.o) + 2);
    await commands.relayLoad(1 + owners.length, mirror, ...owners.map(ownedKey), ...args);
  }

  // Balance and open holds from one snapshot; the version is the newest ledger entry's id.
  async function loadTenant(id: string): Promise<void> {
    const { rows } = await pool.query<{
      version: string;
      value: string;
      holds: { r: string; a: string; o: string }[];
    }>(
      `SELECT t.balance::text AS value,
         coalesce((SELECT max(l.id) FROM ledger_entries l WHERE l.tenant_id = t.id), 0)::text AS version,
         coalesce((SELECT json_agg(json_build_object('r', h.request_id, 'a', h.amount::text,
           'o', coalesce(h.instance_id::text, 'none')))
           FROM holds h WHERE h.tenant_id = t.id AND h.state = 'HELD'), '[]') AS holds
       FROM tenants t WHERE t.id = $1::uuid`,
      [id],
    );
    await load(tenantKey(id), "balance", rows[0] ?? { version: "0", value: "0", holds: [] });
  }

  async function loadBudget(id: string): Promise<void> {
    // From before the snapshot is read, releases leave tombstones in this mirror (see TOMBSTONE).
    await redis.hset(budgetKey(id), "loading", "1");
    await redis.expire(budgetKey(id), TTL_SECONDS);
    const { rows } = await pool.query<{
      version: string;
      value: string;
      holds: { r: string; a: string; o: string }[];
    }>(
      `SELECT k.spent::text AS value,
         coalesce((SELECT max(l.id) FROM ledger_entries l WHERE l.tenant_id = k.tenant_id), 0)::text
           AS version,
         coalesce((SELECT json_agg(json_build_object('r', h.request_id, 'a', h.amount::text,
           'o', coalesce(h.instance_id::text, 'none')))
           FROM holds h WHERE h.api_key_id = k.id AND h.state = 'HELD'), '[]') AS holds
       FROM api_keys k WHERE k.id = $1::uuid`,
      [id],
    );
    await load(budgetKey(id), "spent", rows[0] ?? { version: "0", value: "0", holds: [] });
  }

  async function release(holds: { requestId: string; tenantId: string; apiKeyId: string }[]) {
    if (holds.length === 0) return;
    const pipeline = redis.pipeline();
    for (const h of holds) {
      pipeline.relayRelease(tenantKey(h.tenantId), budgetKey(h.apiKeyId), h.requestId, TTL_SECONDS);
    }
    await pipeline.exec();
  }

  const abandoned = createAbandonedReleaser(
    async (reservations) => {
      const pipeline = redis.pipeline();
      closeOwned(pipeline, reservations);
      const failed = (await pipeline.exec())?.find(([error]) => error);
      if (failed) throw failed[0];
    },
    { log: options.log },
  );

  async function reserve(request: HoldRequest): Promise<HoldResult> {
    const amount = request.amount.toString();
    const budget = request.budgeted && request.budget != null ? request.budget.toString() : "";
    const platform = request.owner === "platform";
    for (let attempt = 0; attempt < 3; attempt++) {
      const instanceId = options.instanceId();
      const outcome = await commands.relayReserve(
        tenantKey(request.tenantId),
        budgetKey(request.apiKeyId),
        // A platform hold is on no process's list: no death releases it.
        ownedKey(platform ? "platform" : instanceId),
        amount,
        request.requestId,
        budget,
        TTL_SECONDS,
        member(request.tenantId, request.apiKeyId, request.requestId),
      );
      if (outcome === 1) {
        sink.recordHold(holdRecord(request, platform ? null : instanceId, false));
        return { ok: true };
      }
      if (outcome === 0) return { ok: false, reason: "balance" };
      if (outcome === 2) return { ok: false, reason: "budget" };
      if (outcome === -1) await loadTenant(request.tenantId);
      else await loadBudget(request.apiKeyId);
    }
    throw new Error("Redis holds: balance could not be loaded");
  }

  // Calls of keys without a budget (nearly all) are admitted against this process's lease of the
  // tenant's balance, most without a round trip (redis-leases.ts).
  const leases = createLeases({
    redis,
    prefix,
    ttlSeconds: TTL_SECONDS,
    instanceId: options.instanceId,
    loadTenant,
    idleMs: options.leaseIdleMs,
    log: options.log ?? consoleFailureLog,
  });

  async function reserveInLease(request: HoldRequest): Promise<HoldResult> {
    const instanceId = options.instanceId();
    const result = await leases.reserve(request);
    if (result.ok) sink.recordHold(holdRecord(request, instanceId, true));
    return result;
  }

  return {
    reserve: (request) => {
      if (request.owner !== "platform" && !request.budgeted) return reserveInLease(request);
      const instanceId = options.instanceId();
      return reserve(request).catch((error: unknown) => {
        // Redis unreachable: fail closed. Postgres holds instead would be invisible to the
        // replicas still reserving in Redis, and could promise the same money twice. The script
        // may have run before its answer was lost: release the reservation if so.
        abandoned.add({ ...request, instanceId });
        throw error instanceof HoldsUnavailableError ? error : new HoldsUnavailableError(error);
      });
    },

    async committed(committed) {
      // The leases' shrinks carry the batch's balances with them, in scripts of their own.
      leases.committed(committed.settled, committed.balances);
      const pipeline = redis.pipeline();
      for (const b of committed.balances) {
        mirror(pipeline, tenantKey(b.tenantId), "balance", b.version, b.balance);
      }
      for (const s of committed.spends) {
        mirror(pipeline, budgetKey(s.apiKeyId), "spent", s.version, s.spent);
      }
      // One script for the whole batch: a command per call cost the proxy more than the rest.
      closeOwned(pipeline, committed.closed, options.instanceId());
      await pipeline.exec();
    },

    async balanceChanged(change) {
      const pipeline = redis.pipeline();
      mirror(pipeline, tenantKey(change.tenantId), "balance", change.version, change.balance);
      await pipeline.exec();
      leases.trim(change.tenantId);
    },

    dropped: (requestId) => leases.dropped(requestId),
    close: () => leases.close(),

    async released(holds, deadInstances) {
      await release(holds);
      // Holds the dead processes placed in Redis but never wrote through.
      for (const instance of deadInstances) {
        const members = await redis.smembers(ownedKey(instance));
        await release(
          members.flatMap((m) => {
            const [tenantId, apiKeyId, requestId] = m.split("|");
            return tenantId && apiKeyId && requestId ? [{ tenantId, apiKeyId, requestId }] : [];
          }),
        );
        await redis.del(ownedKey(instance));
      }
    },
  };
}

declare module "ioredis" {
  interface ChainableCommander {
    relayRelease(tenant: string, key: string, requestId: string, ttl: number): ChainableCommander;
    relayCloseMany(numKeys: number, ...args: (string | number)[]): ChainableCommander;
    relayMirror(
      key: string,
      field: string,
      version: string,
      value: string,
      ttl: number,
    ): ChainableCommander;
  }
}

/** The settlement sink for Redis holds: a call whose settlement fails for good leaves its lease. */
export function releasingRedisHolds(sink: SettlementSink, store: RedisHoldStore): SettlementSink {
  return {
    ...sink,
    settle: (settlement) =>
      sink.settle(settlement).catch((error: unknown) => {
        store.dropped(settlement.requestId);
        throw error;
      }),
  };
}
