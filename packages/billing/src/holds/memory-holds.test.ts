// What only memory holds do: they learn balance changes made elsewhere, share the balance with
// platform-owned holds kept in Postgres, and die with their process.
import { randomUUID } from "node:crypto";
import { getDb } from "@relay/db";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postLedgerEntry } from "../ledger.ts";
import { createSettlementWriter } from "../settlement/writer.ts";
import {
  createMemoryHoldStore,
  type MemoryHoldStore,
  releasingMemoryHolds,
} from "./memory-holds.ts";
import { createHoldOwner, type HoldOwner, otherLiveOwners } from "./owners.ts";
import { createPgHoldStore } from "./pg-holds.ts";
import { expectExact, newTenant, settlement } from "./test-support.ts";
import type { HoldRequest } from "./types.ts";

const db = getDb();
let pool: pg.Pool;
let owner: HoldOwner;

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
  owner = createHoldOwner(pool, { timings: { beatMs: 60_000 }, onFenced: () => {} });
  await owner.start(`memory-${randomUUID()}`);
});
afterAll(async () => {
  await owner.stop();
  await pool.end();
  await db.$disconnect();
});

function store(options: { rereadRefusedAfterMs?: number } = {}): MemoryHoldStore {
  const platform = createPgHoldStore(pool, { instanceId: () => owner.id });
  return createMemoryHoldStore(pool, { platform, ...options });
}

function request(
  call: { tenantId: string; apiKeyId: string },
  amount: bigint,
  more: Partial<HoldRequest> = {},
): HoldRequest {
  return {
    ...call,
    requestId: `mem-${randomUUID()}`,
    amount,
    ttlMs: 600_000,
    budgeted: false,
    ...more,
  };
}

describe("memory holds", () => {
  it("a top-up posted elsewhere, with no notice, is found when a call would be refused", async () => {
    const call = await newTenant(100n);
    const holds = store({ rereadRefusedAfterMs: 0 });
    expect(await holds.reserve(request(call, 100n))).toEqual({ ok: true });
    expect(await holds.reserve(request(call, 50n))).toEqual({ ok: false, reason: "balance" });
    await postLedgerEntry({
      ctx: { db },
      input: { tenantId: call.tenantId, kind: "GRANT", amount: 50n, idempotencyKey: randomUUID() },
    });
    expect(await holds.reserve(request(call, 50n))).toEqual({ ok: true });
    expect(await holds.reserve(request(call, 1n))).toEqual({ ok: false, reason: "balance" });
    expect(holds.open()).toBe(2);
  });

  it("a debit's notice takes the money away before the next call", async () => {
    const call = await newTenant(1_000n);
    const holds = store();
    expect(await holds.reserve(request(call, 100n))).toEqual({ ok: true });
    const { entry } = await postLedgerEntry({
      ctx: { db },
      input: {
        tenantId: call.tenantId,
        kind: "ADJUSTMENT",
        amount: -800n,
        idempotencyKey: randomUUID(),
      },
    });
    holds.balanceChanged({
      tenantId: call.tenantId,
      version: entry.id,
      balance: entry.balanceAfter,
    });
    // 200 left, 100 of it held.
    expect(await holds.reserve(request(call, 101n))).toEqual({ ok: false, reason: "balance" });
    expect(await holds.reserve(request(call, 100n))).toEqual({ ok: true });
  });

  it("platform holds in Postgres and memory holds never promise the same money", async () => {
    const call = await newTenant(1_000n);
    const holds = store();
    expect(await holds.reserve(request(call, 600n))).toEqual({ ok: true });
    const platform = (amount: bigint) => request(call, amount, { owner: "platform" });
    expect(await holds.reserve(platform(500n))).toEqual({ ok: false, reason: "balance" });
    expect(await holds.reserve(platform(400n))).toEqual({ ok: true });
    expect(await holds.reserve(request(call, 1n))).toEqual({ ok: false, reason: "balance" });
    const tenant = await db.tenant.findUniqueOrThrow({ where: { id: call.tenantId } });
    // Only the platform hold is in Postgres; the call's hold lives in memory.
    expect(tenant.held).toBe(400n);
    expect(holds.open()).toBe(1);
  });

  it("a settled call's hold is released once its charge is committed, exactly", async () => {
    const call = await newTenant(1_000n);
    const holds = store();
    const writer = createSettlementWriter(pool, { onCommitted: async (c) => holds.committed(c) });
    const sink = releasingMemoryHolds(writer, holds);
    const first = request(call, 700n);
    expect(await holds.reserve(first)).toEqual({ ok: true });
    expect(await holds.reserve(request(call, 301n))).toEqual({ ok: false, reason: "balance" });
    await sink.settle(settlement({ ...call, requestId: first.requestId }, 250n));
    expect(holds.open()).toBe(0);
    // 750 left: all of it can be held again, and not a micro-dollar more.
    expect(await holds.reserve(request(call, 751n))).toEqual({ ok: false, reason: "balance" });
    const last = request(call, 750n);
    expect(await holds.reserve(last)).toEqual({ ok: true });
    await sink.settle(settlement({ ...call, requestId: last.requestId }, 750n));
    await writer.close();
    expect(await expectExact(call.tenantId, call.apiKeyId)).toBe(0n);
    expect((await db.tenant.findUniqueOrThrow({ where: { id: call.tenantId } })).balance).toBe(0n);
  });

  it("a process that dies takes its holds with it: the next one can spend everything", async () => {
    const call = await newTenant(1_000n);
    expect(await store().reserve(request(call, 1_000n))).toEqual({ ok: true });
    // The first store is gone (kill -9); nothing of it was written anywhere.
    expect(await store().reserve(request(call, 1_000n))).toEqual({ ok: true });
    expect(await db.hold.count({ where: { tenantId: call.tenantId } })).toBe(0);
  });
});

describe("the only process on its database", () => {
  it("sees another live process, but not an earlier one of its own name", async () => {
    const other = createHoldOwner(pool, { timings: { beatMs: 60_000 }, onFenced: () => {} });
    const name = `other-${randomUUID()}`;
    await other.start(name);
    try {
      expect(await otherLiveOwners(pool, owner)).toContain(name);
      expect(await otherLiveOwners(pool, { id: randomUUID(), name })).not.toContain(name);
    } finally {
      await other.stop();
    }
    expect(await otherLiveOwners(pool, owner)).not.toContain(name);
  });
});
