// Leases of Redis holds (redis-leases.ts): many calls admitted per round trip, the lease shrinking
// by exactly what its calls cost, steps applied once however often they are sent, and the lease
// given back when idle or on a clean stop. Runs when REDIS_URL is set (always in CI).
import { randomUUID } from "node:crypto";
import { getDb } from "@relay/db";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSettlementWriter, type SettlementSink } from "../settlement/writer.ts";
import { createHoldOwner, type HoldOwner } from "./owners.ts";
import { createRedisHoldStore, type RedisHoldStore, releasingRedisHolds } from "./redis-holds.ts";
import { LEASE } from "./redis-scripts.ts";
import { expectExact, newTenant, settlement } from "./test-support.ts";

const redisUrl = process.env.REDIS_URL;
const db = getDb();

describe.skipIf(!redisUrl)("Redis leases", () => {
  let pool: pg.Pool;
  let redis: Redis;
  let owner: HoldOwner;
  let store: RedisHoldStore;
  let sink: SettlementSink;

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 5 });
    redis = new Redis(redisUrl ?? "");
    owner = createHoldOwner(pool, { timings: { beatMs: 60_000 }, onFenced: () => {} });
    await owner.start(`leases-${randomUUID()}`);
    const writer = createSettlementWriter(pool, {
      delayMs: 5,
      onCommitted: async (committed) => store.committed(committed),
    });
    store = createRedisHoldStore({
      redis,
      pool,
      sink: writer,
      instanceId: () => owner.id,
      // Long enough that a lease is never given back between a test's steps on a busy machine.
      leaseIdleMs: 1_500,
    });
    sink = releasingRedisHolds(writer, store);
  });
  afterAll(async () => {
    await sink.close();
    await store.close();
    await owner.stop();
    await redis.quit();
    await pool.end();
    await db.$disconnect();
  });

  const mirrorOf = (tenantId: string) => redis.hgetall(`relay:hold:tenant:{${tenantId}}`);
  const leaseOf = async (tenantId: string) =>
    BigInt((await mirrorOf(tenantId))[`r:lease:${owner.id}`] ?? "0");

  it("admits many calls in one lease, and shrinks it by exactly what they cost", async () => {
    const { tenantId, apiKeyId } = await newTenant(1_000_000n);
    const calls = Array.from({ length: 50 }, () => ({
      requestId: `lease-${randomUUID()}`,
      tenantId,
      apiKeyId,
    }));
    for (const call of calls) {
      const held = await store.reserve({ ...call, amount: 1_000n, ttlMs: 60_000, budgeted: false });
      expect(held).toEqual({ ok: true });
    }
    // One lease covers them all: the first call's 1,000 plus a sixteenth of the rest.
    const lease = await leaseOf(tenantId);
    expect(lease).toBe(1_000n + (1_000_000n - 1_000n) / 16n);
    let mirror = await mirrorOf(tenantId);
    expect(Object.keys(mirror).filter((f) => f.startsWith("r:"))).toEqual([`r:lease:${owner.id}`]);
    expect(mirror.held).toBe(lease.toString());

    await Promise.all(calls.map((call, i) => sink.settle(settlement(call, BigInt(100 + i)))));
    const spent = calls.reduce((sum, _, i) => sum + BigInt(100 + i), 0n);
    await expect.poll(() => leaseOf(tenantId)).toBe(lease - spent);
    mirror = await mirrorOf(tenantId);
    expect(mirror.balance).toBe((1_000_000n - spent).toString());
    expect(mirror.held).toBe((lease - spent).toString());

    // Unused, it goes back: nothing is held in Redis, and the books are exact.
    await expect.poll(() => leaseOf(tenantId), { timeout: 10_000 }).toBe(0n);
    expect((await mirrorOf(tenantId)).held).toBe("0");
    await expectExact(tenantId, apiKeyId);
  }, 20_000);

  it("refuses a call its lease and the rest of the balance cannot cover", async () => {
    const { tenantId, apiKeyId } = await newTenant(1_000n);
    const reserve = (amount: bigint) =>
      store.reserve({
        requestId: `lease-${randomUUID()}`,
        tenantId,
        apiKeyId,
        amount,
        ttlMs: 60_000,
        budgeted: false,
      });
    expect(await reserve(600n)).toEqual({ ok: true });
    expect(await reserve(401n)).toEqual({ ok: false, reason: "balance" });
    expect(await reserve(400n)).toEqual({ ok: true });
    expect(await reserve(1n)).toEqual({ ok: false, reason: "balance" });
    expect((await mirrorOf(tenantId)).held).toBe("1000");
  });

  it("applies a step once, however many times it is sent", async () => {
    const { tenantId, apiKeyId } = await newTenant(10_000n);
    // Load the mirror through a first call's lease, then send one numbered step twice.
    await store.reserve({
      requestId: `lease-${randomUUID()}`,
      tenantId,
      apiKeyId,
      amount: 100n,
      ttlMs: 60_000,
      budgeted: false,
    });
    const instance = `step-test-${randomUUID()}`;
    const send = () =>
      redis.eval(
        LEASE,
        3,
        `relay:hold:tenant:{${tenantId}}`,
        `relay:hold:owner:{${instance}}`,
        `relay:hold:lease-step:{${tenantId}}:${instance}`,
        `r:lease:${instance}`,
        `${tenantId}|lease|lease:${instance}`,
        1,
        "0",
        "500",
        "0",
        60,
        "",
        "",
      );
    const before = BigInt((await mirrorOf(tenantId)).held ?? "0");
    expect(await send()).toEqual([1, 500]);
    expect(await send()).toEqual([2, 500]);
    expect(BigInt((await mirrorOf(tenantId)).held ?? "0")).toBe(before + 500n);
    await redis.hdel(`relay:hold:tenant:{${tenantId}}`, `r:lease:${instance}`);
    await redis.hincrby(`relay:hold:tenant:{${tenantId}}`, "held", -500);
  });
});
