// Holds in Redis, for many proxy replicas sharing one balance without queueing on its Postgres
// row. Redis keeps each tenant's spendable amount (balance - held) and each budgeted key's
// remaining budget; one Lua script checks both and reserves atomically. Holds are then written
// through to Postgres by the settlement writer (ahead of their settlements), so Postgres keeps
// the same holds, balances and ledger as in single-instance mode and stays the source of truth.
//
// Redis learns balances from Postgres: loaded on first use (balance - held), moved by every
// settlement batch, dropped whenever a credit or debit lands (relay_balance_changed) and after a
// minute regardless. Bound: a reload can miss holds granted in the last few milliseconds that
// are not yet written through, admitting at most that much more until the next reload.
import type { Redis } from "ioredis";
import type pg from "pg";
import type { HoldRequest, HoldResult, HoldStore } from "./holds.ts";
import type { Committed, SettlementSink } from "./settlement-writer.ts";

const TTL_SECONDS = 60;

// KEYS[1] tenant's spendable, KEYS[2] key's remaining budget; ARGV[1] amount, ARGV[2] budgeted.
// Returns 1 reserved, 0 balance short, 2 budget short, -1 tenant not loaded, -2 key not loaded.
const RESERVE = `
local available = redis.call('GET', KEYS[1])
if not available then return -1 end
local remaining = false
if ARGV[2] == '1' then
  remaining = redis.call('GET', KEYS[2])
  if not remaining then return -2 end
end
local amount = tonumber(ARGV[1])
if tonumber(available) < amount then return 0 end
if remaining and tonumber(remaining) < amount then return 2 end
redis.call('DECRBY', KEYS[1], ARGV[1])
if remaining then redis.call('DECRBY', KEYS[2], ARGV[1]) end
return 1`;

// Moves a loaded amount; an amount not loaded is left for the next load from Postgres.
const ADJUST = `
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCRBY', KEYS[1], ARGV[1]) end
return false`;

interface HoldCommands {
  relayReserve(tenant: string, key: string, amount: string, budgeted: string): Promise<number>;
  relayAdjust(key: string, delta: string): Promise<number | null>;
}

export interface RedisHoldStore extends HoldStore {
  /** Apply a committed settlement batch to the Redis amounts. */
  committed(committed: Committed): Promise<void>;
  /** A tenant's balance changed in Postgres (a credit, a refund): reload it on next use. */
  forgetTenant(tenantId: string): Promise<void>;
  forgetKey(keyId: string): Promise<void>;
}

export function createRedisHoldStore(options: {
  redis: Redis;
  pool: pg.Pool;
  sink: SettlementSink;
  prefix?: string;
}): RedisHoldStore {
  const { redis, pool, sink } = options;
  const prefix = options.prefix ?? "relay:hold";
  redis.defineCommand("relayReserve", { numberOfKeys: 2, lua: RESERVE });
  redis.defineCommand("relayAdjust", { numberOfKeys: 1, lua: ADJUST });
  const commands = redis as unknown as HoldCommands;
  const tenantKey = (id: string) => `${prefix}:tenant:{${id}}`;
  const budgetKey = (id: string) => `${prefix}:key:{${id}}`;

  async function loadTenant(id: string): Promise<void> {
    const { rows } = await pool.query<{ spendable: string }>(
      "SELECT (balance - held)::text AS spendable FROM tenants WHERE id = $1::uuid AND status = 'ACTIVE'",
      [id],
    );
    await redis.set(tenantKey(id), rows[0]?.spendable ?? "0", "EX", TTL_SECONDS, "NX");
  }

  async function loadBudget(id: string): Promise<void> {
    const { rows } = await pool.query<{ remaining: string | null }>(
      "SELECT (budget - spent)::text AS remaining FROM api_keys WHERE id = $1::uuid",
      [id],
    );
    await redis.set(budgetKey(id), rows[0]?.remaining ?? "0", "EX", TTL_SECONDS, "NX");
  }

  return {
    async reserve(request: HoldRequest): Promise<HoldResult> {
      const amount = request.amount.toString();
      for (let attempt = 0; attempt < 3; attempt++) {
        const outcome = await commands.relayReserve(
          tenantKey(request.tenantId),
          budgetKey(request.apiKeyId),
          amount,
          request.budgeted ? "1" : "0",
        );
        if (outcome === 1) {
          sink.recordHold(request);
          return { ok: true };
        }
        if (outcome === 0) return { ok: false, reason: "balance" };
        if (outcome === 2) return { ok: false, reason: "budget" };
        if (outcome === -1) await loadTenant(request.tenantId);
        else await loadBudget(request.apiKeyId);
      }
      throw new Error("Redis holds: balance could not be loaded");
    },
    async committed(committed) {
      const pipeline = redis.pipeline();
      for (const [id, delta] of committed.tenants) {
        if (delta !== 0n) pipeline.relayAdjust(tenantKey(id), delta.toString());
      }
      for (const [id, delta] of committed.keys) {
        if (delta !== 0n) pipeline.relayAdjust(budgetKey(id), delta.toString());
      }
      await pipeline.exec();
    },
    async forgetTenant(tenantId) {
      await redis.del(tenantKey(tenantId));
    },
    async forgetKey(keyId) {
      await redis.del(budgetKey(keyId));
    },
  };
}

declare module "ioredis" {
  interface ChainableCommander {
    relayAdjust(key: string, delta: string): ChainableCommander;
  }
}
