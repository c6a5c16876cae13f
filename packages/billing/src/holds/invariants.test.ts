// The invariants every hold engine keeps, under concurrency, balance changes and dead processes:
// nothing is promised twice (balance never below zero, a budget never overrun), balance ==
// sum(ledger) with an unbroken balance_after chain, and no hold or held amount left once calls end.
// Postgres holds always (the embedded database locally, PostgreSQL in CI); Redis holds too when
// REDIS_URL is set. Two "processes" share each engine, as two proxy replicas would.
import { randomUUID } from "node:crypto";
import { getDb } from "@relay/db";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postLedgerEntry } from "../ledger.ts";
import { createSettlementWriter, type SettlementSink } from "../settlement/writer.ts";
import {
  createMemoryHoldStore,
  type MemoryHoldStore,
  releasingMemoryHolds,
} from "./memory-holds.ts";
import { createHoldOwner, type HoldOwner } from "./owners.ts";
import { createPgHoldStore } from "./pg-holds.ts";
import { createRedisHoldStore, type RedisHoldStore, releasingRedisHolds } from "./redis-holds.ts";
import { expectExact, newTenant, settlement } from "./test-support.ts";
import type { HoldStore } from "./types.ts";

const db = getDb();
const redisUrl = process.env.REDIS_URL;
let pool: pg.Pool;

beforeAll(() => {
  pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
});
afterAll(async () => {
  await pool.end();
  await db.$disconnect();
});

interface Replica {
  owner: HoldOwner;
  writer: SettlementSink;
  holds: HoldStore;
  redisHolds?: RedisHoldStore;
  memoryHolds?: MemoryHoldStore;
  redis?: Redis;
}

type Engine = "postgres" | "redis" | "memory";

async function replica(engine: Engine, name: string, delayMs = 15): Promise<Replica> {
  const redis = engine === "redis" ? new Redis(redisUrl ?? "") : undefined;
  let redisHolds: RedisHoldStore | undefined;
  const owner = createHoldOwner(pool, {
    timings: { beatMs: 60_000 },
    onFenced: () => {},
    onReleased: async (released, dead) => redisHolds?.released(released, dead),
  });
  await owner.start(`${name}-${randomUUID()}`);
  const pgHolds = createPgHoldStore(pool, { instanceId: () => owner.id });
  const memoryHolds =
    engine === "memory" ? createMemoryHoldStore(pool, { platform: pgHolds }) : undefined;
  // A slow group commit keeps holds queued for write-through while balances change.
  const writer = createSettlementWriter(pool, {
    delayMs,
    onCommitted: async (committed) => {
      memoryHolds?.committed(committed);
      await redisHolds?.committed(committed);
    },
  });
  if (redis) {
    redisHolds = createRedisHoldStore({ redis, pool, sink: writer, instanceId: () => owner.id });
  }
  return {
    owner,
    writer: memoryHolds
      ? releasingMemoryHolds(writer, memoryHolds)
      : redisHolds
        ? releasingRedisHolds(writer, redisHolds)
        : writer,
    holds: memoryHolds ?? redisHolds ?? pgHolds,
    redisHolds,
    memoryHolds,
    redis,
  };
}

async function close(r: Replica): Promise<void> {
  await r.writer.close();
  await r.redisHolds?.close();
  await r.owner.stop();
  await r.redis?.quit();
}

// Memory holds belong to one process alone on its database: its "two replicas" are one.
const engines = [
  { engine: "postgres" as const, skip: false },
  { engine: "redis" as const, skip: !redisUrl },
  { engine: "memory" as const, skip: false },
];

describe.each(engines)("$engine holds", ({ engine, skip }) => {
  let a: Replica;
  let b: Replica;

  beforeAll(async () => {
    if (skip) return;
    a = await replica(engine, "a");
    b = engine === "memory" ? a : await replica(engine, "b");
  });
  afterAll(async () => {
    if (skip) return;
    await close(a);
    if (b !== a) await close(b);
  });

  it.skipIf(skip)(
    "200 calls on two replicas against $0.01, with balance changes mid-burst: never below zero",
    async () => {
      const { tenantId, apiKeyId } = await newTenant(10_000n);
      const replicas = [a, b];
      let spent = 0n;
      let granted = 0;
      const calls = Array.from({ length: 200 }, async (_, i) => {
        const r = replicas[i % 2] as Replica;
        const call = { requestId: `inv-${randomUUID()}`, tenantId, apiKeyId };
        const amount = BigInt(100 + ((i * 37) % 200));
        const result = await r.holds.reserve({ ...call, amount, ttlMs: 600_000, budgeted: false });
        if (!result.ok) return;
        granted += 1;
        await new Promise((resolve) => setTimeout(resolve, (i * 7) % 20));
        // Some calls fail (free), the rest cost up to their hold.
        const price = i % 5 === 0 ? 0n : amount - BigInt(i % 50);
        spent += price;
        await r.writer.settle(settlement(call, price));
      });
      // Ten balance changes while holds are still queued for write-through: a credit and a debit
      // of the same amount each, applied on both replicas, some twice, some late.
      const changes = (async () => {
        for (let i = 0; i < 10; i++) {
          await new Promise((resolve) => setTimeout(resolve, 3));
          for (const amount of [7n, -7n]) {
            const { entry } = await postLedgerEntry({
              ctx: { db },
              input: {
                tenantId,
                kind: "ADJUSTMENT",
                amount,
                idempotencyKey: `inv-${tenantId}-${i}-${amount}`,
              },
            });
            const notice = { tenantId, version: entry.id, balance: entry.balanceAfter };
            await a.redisHolds?.balanceChanged(notice);
            await b.redisHolds?.balanceChanged(notice);
            a.memoryHolds?.balanceChanged(notice);
            setTimeout(() => void a.redisHolds?.balanceChanged(notice), 10);
            setTimeout(() => a.memoryHolds?.balanceChanged(notice), 10);
          }
        }
      })();
      await Promise.all([...calls, changes]);
      await a.writer.flush();
      await b.writer.flush();

      expect(granted).toBeGreaterThan(20);
      expect(granted).toBeLessThan(200);
      expect(await expectExact(tenantId, apiKeyId)).toBeGreaterThanOrEqual(0n);
      const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId } });
      expect(tenant.balance).toBe(10_000n - spent);
      if (a.redis) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        // What is still held is the replicas' leases, nothing of any call.
        const mirror = await a.redis.hgetall(`relay:hold:tenant:{${tenantId}}`);
        const holdFields = Object.keys(mirror).filter((f) => f.startsWith("r:"));
        expect(holdFields.every((f) => f.startsWith("r:lease:"))).toBe(true);
        const leased = holdFields.reduce((sum, f) => sum + BigInt(mirror[f] ?? "0"), 0n);
        expect([mirror.balance, mirror.held]).toEqual([
          tenant.balance.toString(),
          leased.toString(),
        ]);
        // A key without a budget gathers no tombstones (a field per call, for as long as it runs).
        const fields = await a.redis.hkeys(`relay:hold:key:{${apiKeyId}}`);
        expect(fields.filter((f) => f.startsWith("x:"))).toEqual([]);
      }
    },
    60_000,
  );

  it.skipIf(skip)(
    "200 calls of one budgeted key on two replicas: the budget is exact",
    async () => {
      const { tenantId, apiKeyId } = await newTenant(1_000_000n);
      await db.apiKey.update({ where: { id: apiKeyId }, data: { budget: 1_000n } });
      const replicas = [a, b];
      const outcomes = await Promise.all(
        Array.from({ length: 200 }, async (_, i) => {
          const r = replicas[i % 2] as Replica;
          const call = { requestId: `bud-${randomUUID()}`, tenantId, apiKeyId };
          const result = await r.holds.reserve({
            ...call,
            amount: 30n,
            ttlMs: 600_000,
            budgeted: true,
            budget: 1_000n,
          });
          if (!result.ok) return result.reason;
          await r.writer.settle(settlement(call, 30n));
          return "ok";
        }),
      );
      await a.writer.flush();
      await b.writer.flush();
      const key = await db.apiKey.findUniqueOrThrow({ where: { id: apiKeyId } });
      // 1000 / 30 = 33 calls fit; never one more, and every refusal names the budget.
      expect(outcomes.filter((o) => o === "ok")).toHaveLength(33);
      expect(outcomes.filter((o) => o !== "ok").every((o) => o === "budget")).toBe(true);
      expect(key.spent).toBe(990n);
      await expectExact(tenantId, apiKeyId);
    },
  );

  // A memory hold dies with its process by itself (memory-holds.test.ts).
  it.skipIf(skip || engine === "memory")(
    "a dead replica's holds, written through or not, are released; nothing charged",
    async () => {
      const { tenantId, apiKeyId } = await newTenant(1_000n);
      // Its group commit is slow enough that what is queued at the crash is never written.
      const dead = await replica(engine, "dead", 60_000);
      for (let i = 0; i < 4; i++) {
        const result = await dead.holds.reserve({
          requestId: `dead-${randomUUID()}`,
          tenantId,
          apiKeyId,
          amount: 250n,
          ttlMs: 600_000,
          budgeted: false,
        });
        expect(result).toEqual({ ok: true });
        // With Redis, half of them reach Postgres before the process dies.
        if (i === 1) await dead.writer.flush();
      }
      // Everything is promised: the live replica can place nothing.
      const refused = await a.holds.reserve({
        requestId: `live-${randomUUID()}`,
        tenantId,
        apiKeyId,
        amount: 1n,
        ttlMs: 600_000,
        budgeted: false,
      });
      expect(refused).toEqual({ ok: false, reason: "balance" });
      // kill -9: queued writes are lost, the row stops beating.
      await pool.query(
        "UPDATE proxy_instances SET heartbeat_at = now() - interval '1 minute' WHERE id = $1",
        [dead.owner.id],
      );
      // Postgres holds are all written at once; Redis holds only as far as the queue got.
      const written = engine === "redis" ? 2 : 4;
      const released = await a.owner.sweep();
      expect(released.filter((h) => h.tenantId === tenantId)).toHaveLength(written);
      // All 1000 is spendable again, on every engine.
      const call = { requestId: `live-${randomUUID()}`, tenantId, apiKeyId };
      const again = await a.holds.reserve({
        ...call,
        amount: 1_000n,
        ttlMs: 600_000,
        budgeted: false,
      });
      expect(again).toEqual({ ok: true });
      // A process declared dead that was only stalled writes its queued holds late: they belong
      // to no live process and are released as well, and never double the money held.
      await dead.writer.close();
      await dead.redis?.quit();
      // Not at once (a starting process may hold a moment before its row exists): once they are
      // older than a dead process's silence.
      expect((await a.owner.sweep()).filter((h) => h.tenantId === tenantId)).toEqual([]);
      await pool.query(
        "UPDATE holds SET created_at = now() - interval '16 seconds' WHERE instance_id = $1",
        [dead.owner.id],
      );
      const late = (await a.owner.sweep()).filter((h) => h.tenantId === tenantId);
      expect(late).toHaveLength(4 - written);
      await a.writer.settle(settlement(call, 600n));
      expect(await expectExact(tenantId, apiKeyId)).toBe(0n);
      expect((await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).balance).toBe(400n);
    },
  );
});
