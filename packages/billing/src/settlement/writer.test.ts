// Holds placed elsewhere (Redis) reach Postgres through the writer only if their calls outlive
// the write delay; either way the settlement closes them exactly once, and the mirror hears of it.
import { randomUUID } from "node:crypto";
import { getDb } from "@relay/db";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectExact, newTenant, settlement } from "../holds/test-support.ts";
import { type Committed, createSettlementWriter, type HoldRecord } from "./writer.ts";

const db = getDb();
let pool: pg.Pool;
let instanceId: string;

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
  instanceId = randomUUID();
  await pool.query("INSERT INTO proxy_instances (id, name) VALUES ($1::uuid, $2)", [
    instanceId,
    `writer-${instanceId}`,
  ]);
});
afterAll(async () => {
  await pool.query("DELETE FROM proxy_instances WHERE id = $1::uuid", [instanceId]);
  await pool.end();
  await db.$disconnect();
});

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("condition not reached within 2 s");
}

describe("holds written through the settlement writer", () => {
  it("a short call's hold never reaches Postgres; a long call's does, and both close once", async () => {
    const { tenantId, apiKeyId } = await newTenant(10_000n);
    const closed: Committed["closed"] = [];
    const writer = createSettlementWriter(pool, {
      holdWriteDelayMs: 100,
      onCommitted: async (committed) => {
        closed.push(...committed.closed);
      },
    });
    const hold = (amount: bigint): HoldRecord => ({
      requestId: `w-${randomUUID()}`,
      tenantId,
      apiKeyId,
      amount,
      ttlMs: 600_000,
      instanceId,
    });
    const short = hold(300n);
    const long = hold(700n);
    writer.recordHold(short);
    writer.recordHold(long);
    await writer.settle(settlement(short, 120n));
    expect(await db.hold.count({ where: { requestId: short.requestId } })).toBe(0);
    // The long call is still running past the delay: its hold is written and counted.
    await until(async () => (await db.hold.count({ where: { requestId: long.requestId } })) === 1);
    expect((await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).held).toBe(700n);
    await writer.settle(settlement(long, 650n));
    await writer.close();
    expect(closed.map((h) => [h.requestId, h.amount])).toEqual([
      [short.requestId, 300n],
      [long.requestId, 700n],
    ]);
    expect(await expectExact(tenantId, apiKeyId)).toBe(0n);
    expect((await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).balance).toBe(
      10_000n - 770n,
    );
  });

  it("flush writes every hold still open, and a platform hold is written at once", async () => {
    const { tenantId, apiKeyId } = await newTenant(10_000n);
    const writer = createSettlementWriter(pool, { holdWriteDelayMs: 60_000 });
    const running = { requestId: `w-${randomUUID()}`, tenantId, apiKeyId, ttlMs: 600_000 };
    writer.recordHold({ ...running, amount: 400n, instanceId });
    const platform = { requestId: `w-${randomUUID()}`, tenantId, apiKeyId, ttlMs: 600_000 };
    writer.recordHold({ ...platform, amount: 250n, instanceId: null });
    await until(async () => (await db.hold.count({ where: { tenantId } })) === 1);
    expect(await db.hold.count({ where: { requestId: platform.requestId } })).toBe(1);
    await writer.flush();
    expect((await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).held).toBe(650n);
    await writer.settle(settlement(running, 400n));
    await writer.settle(settlement(platform, 0n));
    await writer.close();
    expect(await expectExact(tenantId, apiKeyId)).toBe(0n);
  });
});
