// A platform-owned hold (a fine-tuning job's) outlives the process that placed it: that process's
// death releases its call holds but not this one, the money stays unspendable by later calls, and
// whichever process sees the work end settles it exactly once.
import { randomUUID } from "node:crypto";
import { getDb } from "@relay/db";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postLedgerEntry } from "../ledger.ts";
import type { Settlement } from "../settlement/settlement.ts";
import { createSettlementWriter } from "../settlement/writer.ts";
import { createHoldOwner, releaseHolds } from "./owners.ts";
import { createPgHoldStore } from "./pg-holds.ts";
import { createRedisHoldStore, type RedisHoldStore } from "./redis-holds.ts";

const db = getDb();
const redisUrl = process.env.REDIS_URL;
let pool: pg.Pool;

beforeAll(() => {
  pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 5 });
});
afterAll(async () => {
  await pool.end();
  await db.$disconnect();
});

async function replica(engine: "postgres" | "redis") {
  const redis = engine === "redis" ? new Redis(redisUrl ?? "") : undefined;
  let redisHolds: RedisHoldStore | undefined;
  const owner = createHoldOwner(pool, {
    timings: { beatMs: 60_000 },
    onFenced: () => {},
    onReleased: async (released, dead) => redisHolds?.released(released, dead),
  });
  await owner.start(`platform-${randomUUID()}`);
  const writer = createSettlementWriter(pool, {
    delayMs: 1,
    onCommitted: async (committed) => redisHolds?.committed(committed),
  });
  if (redis) {
    redisHolds = createRedisHoldStore({ redis, pool, sink: writer, instanceId: () => owner.id });
  }
  const holds = redisHolds ?? createPgHoldStore(pool, { instanceId: () => owner.id });
  return { owner, writer, holds, redis, redisHolds };
}

describe.each([
  { engine: "postgres" as const, skip: false },
  { engine: "redis" as const, skip: !redisUrl },
])("$engine platform holds", ({ engine, skip }) => {
  it.skipIf(skip)("survive their process and are settled by another", async () => {
    const slug = `ph-${randomUUID().slice(0, 8)}`;
    const tenant = await db.tenant.create({ data: { name: slug, slug } });
    await postLedgerEntry({
      ctx: { db },
      input: { tenantId: tenant.id, kind: "GRANT", amount: 1_000n, idempotencyKey: `${slug}:c` },
    });
    const key = await db.apiKey.create({
      data: { tenantId: tenant.id, name: "k", keyHash: randomUUID(), prefix: "sk-relay-t" },
    });
    const call = { tenantId: tenant.id, apiKeyId: key.id, budgeted: false, ttlMs: 60_000 };

    const placer = await replica(engine);
    const job = { ...call, requestId: `ftjob:${slug}`, amount: 700n, owner: "platform" as const };
    expect(await placer.holds.reserve(job)).toEqual({ ok: true });
    expect(await placer.holds.reserve({ ...call, requestId: `${slug}:1`, amount: 100n })).toEqual({
      ok: true,
    });
    await placer.writer.flush();
    // The placing process dies without settling anything: its holds are released as a dead
    // owner's are.
    await placer.writer.close();
    await placer.redis?.quit();
    const other = await replica(engine);
    const released = await releaseHolds(pool, [placer.owner.id]);
    await other.redisHolds?.released(released, [placer.owner.id]);
    const held = await db.hold.findMany({ where: { tenantId: tenant.id, state: "HELD" } });
    expect(held.map((h) => h.requestId)).toEqual([job.requestId]);
    // The job's money is still unspendable: 1000 - 700 leaves 300.
    expect(await other.holds.reserve({ ...call, requestId: `${slug}:2`, amount: 301n })).toEqual({
      ok: false,
      reason: "balance",
    });

    const settled: Settlement = {
      requestId: job.requestId,
      tenantId: tenant.id,
      apiKeyId: key.id,
      channelId: null,
      model: "gpt-4o-mini",
      upstreamModel: null,
      endpoint: "/fine_tuning/jobs",
      stream: false,
      status: 200,
      errorCode: null,
      promptTokens: 500,
      completionTokens: 0,
      cachedTokens: 0,
      images: 0,
      audioSeconds: 0,
      price: 450n,
      upstreamCost: 0n,
      latencyMs: 0,
      firstByteMs: null,
      clientIp: null,
      createdAt: new Date(),
    };
    await other.writer.settle(settled);
    await other.writer.settle(settled);
    const after = await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    expect(after).toMatchObject({ balance: 550n, held: 0n });
    expect(await other.holds.reserve({ ...call, requestId: `${slug}:3`, amount: 550n })).toEqual({
      ok: true,
    });
    await other.writer.close();
    await other.owner.stop();
    await placer.owner.stop();
    await other.redis?.quit();
  });
});
