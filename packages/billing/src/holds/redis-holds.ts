// Holds in Redis, for many proxy replicas sharing one balance without queueing on its Postgres
// row. One Lua script checks and reserves atomically; the hold is then written through to
// Postgres by the settlement writer (ahead of its settlement), so Postgres keeps the same holds,
// balances and ledger as without Redis and stays the source of truth.
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
import type { FailureLog } from "../failure-log.ts";
import type { Committed, SettlementSink } from "../settlement/writer.ts";
import { HoldsUnavailableError } from "../unavailable.ts";
import { createAbandonedReleaser } from "./abandoned.ts";
import type { ReleasedHold } from "./owners.ts";
import type { HoldRequest, HoldResult, HoldStore } from "./types.ts";

const TTL_SECONDS = 3600;

// KEYS[1] tenant mirror, KEYS[2] key mirror, KEYS[3] this process's open holds.
// ARGV: amount, request id, budget ('' when none), ttl, member of the process's set.
// Returns 1 reserved, 0 balance short, 2 budget short, -1 tenant not loaded, -2 key not loaded.
const RESERVE = `
if redis.call('HEXISTS', KEYS[1], 'loaded') == 0 then return -1 end
local budgeted = ARGV[3] ~= ''
if budgeted and redis.call('HEXISTS', KEYS[2], 'loaded') == 0 then return -2 end
local amount = tonumber(ARGV[1])
local t = redis.call('HMGET', KEYS[1], 'balance', 'held')
if tonumber(t[1]) - tonumber(t[2]) < amount then return 0 end
local field = 'r:' .. ARGV[2]
if budgeted then
  local k = redis.call('HMGET', KEYS[2], 'spent', 'held')
  if tonumber(ARGV[3]) - tonumber(k[1]) - tonumber(k[2]) < amount then return 2 end
  redis.call('HSET', KEYS[2], field, ARGV[1])
  redis.call('HINCRBY', KEYS[2], 'held', ARGV[1])
  redis.call('EXPIRE', KEYS[2], ARGV[4])
end
redis.call('HSET', KEYS[1], field, ARGV[1])
redis.call('HINCRBY', KEYS[1], 'held', ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('SADD', KEYS[3], ARGV[5])
redis.call('EXPIRE', KEYS[3], ARGV[4])
return 1`;

// KEYS[1] tenant mirror, KEYS[2] key mirror; ARGV: request id, ttl. Idempotent.
const RELEASE = `
local field = 'r:' .. ARGV[1]
for i = 1, 2 do
  local amount = redis.call('HGET', KEYS[i], field)
  if amount then
    redis.call('HDEL', KEYS[i], field)
    redis.call('HINCRBY', KEYS[i], 'held', -tonumber(amount))
  elseif redis.call('HEXISTS', KEYS[i], 'loaded') == 0 then
    redis.call('HSET', KEYS[i], 'x:' .. ARGV[1], '1')
    redis.call('EXPIRE', KEYS[i], ARGV[2])
  end
end
return 1`;

// RELEASE, and the hold off its owner's list: KEYS[3] the owner's set, ARGV[3] the member.
const CLOSE = `${RELEASE.replace("return 1", "")}
redis.call('SREM', KEYS[3], ARGV[3])
return 1`;

// KEYS[1] mirror; ARGV: field ('balance' or 'spent'), version, value, ttl. Newer versions win.
const MIRROR = `
local current = redis.call('HGET', KEYS[1], 'version')
if current and tonumber(current) >= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3], 'version', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1`;

// KEYS[1] mirror, KEYS[2..] the owners' sets of open holds. ARGV: field, version, value, ttl,
// then (request id, amount, owner index into KEYS) per open hold in the snapshot.
const LOAD = `
if redis.call('HEXISTS', KEYS[1], 'loaded') == 1 then return 0 end
local current = redis.call('HGET', KEYS[1], 'version')
if not current or tonumber(current) < tonumber(ARGV[2]) then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3], 'version', ARGV[2])
end
local held = 0
for i = 5, #ARGV, 3 do
  local field = 'r:' .. ARGV[i]
  if redis.call('HEXISTS', KEYS[1], 'x:' .. ARGV[i]) == 0 then
    redis.call('HSET', KEYS[1], field, ARGV[i + 1])
    held = held + tonumber(ARGV[i + 1])
  end
end
for _, f in ipairs(redis.call('HKEYS', KEYS[1])) do
  if string.sub(f, 1, 2) == 'x:' then redis.call('HDEL', KEYS[1], f) end
end
redis.call('HSET', KEYS[1], 'held', held, 'loaded', '1')
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1`;

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
  relayLoad(numKeys: number, ...args: (string | number)[]): Promise<number>;
}

export interface RedisHoldStore extends HoldStore {
  /** Follow a committed settlement batch: close its holds, move balances and spends. */
  committed(committed: Committed): Promise<void>;
  /** A ledger entry changed a tenant's balance (payload of relay_balance_changed). */
  balanceChanged(change: { tenantId: string; version: bigint; balance: bigint }): Promise<void>;
  /** Holds released in Postgres because their owners died: release them here too. */
  released(holds: ReleasedHold[], deadInstances: string[]): Promise<void>;
}

export function createRedisHoldStore(options: {
  redis: Redis;
  pool: pg.Pool;
  sink: SettlementSink;
  /** The current owner of new holds (it changes if this process is fenced). */
  instanceId: () => string;
  prefix?: string;
  log?: FailureLog;
}): RedisHoldStore {
  const { redis, pool, sink } = options;
  const prefix = options.prefix ?? "relay:hold";
  redis.defineCommand("relayReserve", { numberOfKeys: 3, lua: RESERVE });
  redis.defineCommand("relayRelease", { numberOfKeys: 2, lua: RELEASE });
  redis.defineCommand("relayClose", { numberOfKeys: 3, lua: CLOSE });
  redis.defineCommand("relayMirror", { numberOfKeys: 1, lua: MIRROR });
  redis.defineCommand("relayLoad", { lua: LOAD });
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

  /** Releases a hold (idempotently) and takes it off its owner's list. */
  const releaseOwned = (
    pipeline: ChainableCommander,
    h: { requestId: string; tenantId: string; apiKeyId: string; instanceId: string },
  ) => {
    pipeline.relayClose(
      tenantKey(h.tenantId),
      budgetKey(h.apiKeyId),
      ownedKey(h.instanceId),
      h.requestId,
      TTL_SECONDS,
      member(h.tenantId, h.apiKeyId, h.requestId),
    );
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
      for (const r of reservations) releaseOwned(pipeline, r);
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
        sink.recordHold({ ...request, instanceId: platform ? null : instanceId });
        return { ok: true };
      }
      if (outcome === 0) return { ok: false, reason: "balance" };
      if (outcome === 2) return { ok: false, reason: "budget" };
      if (outcome === -1) await loadTenant(request.tenantId);
      else await loadBudget(request.apiKeyId);
    }
    throw new Error("Redis holds: balance could not be loaded");
  }

  return {
    reserve: (request) => {
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
      const pipeline = redis.pipeline();
      for (const b of committed.balances) {
        mirror(pipeline, tenantKey(b.tenantId), "balance", b.version, b.balance);
      }
      for (const s of committed.spends) {
        mirror(pipeline, budgetKey(s.apiKeyId), "spent", s.version, s.spent);
      }
      const instanceId = options.instanceId();
      for (const h of committed.closed) releaseOwned(pipeline, { ...h, instanceId });
      await pipeline.exec();
    },

    async balanceChanged(change) {
      const pipeline = redis.pipeline();
      mirror(pipeline, tenantKey(change.tenantId), "balance", change.version, change.balance);
      await pipeline.exec();
    },

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
    relayClose(
      tenant: string,
      key: string,
      owned: string,
      requestId: string,
      ttl: number,
      member: string,
    ): ChainableCommander;
    relayMirror(
      key: string,
      field: string,
      version: string,
      value: string,
      ttl: number,
    ): ChainableCommander;
  }
}
