import { getDb } from "@relay/db";
import { afterAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context.ts";
import { createTenant } from "./create.ts";
import { listLedgerDays, listUsageDay } from "./ledger-days.ts";

const db = getDb();
const ctx: ServiceContext = { db, actor: { label: "test-operator" } };

afterAll(() => db.$disconnect());

let balance = 0n;

/** An entry at a given time: written directly, as only the ledger's own insert sets the clock. */
async function post(
  tenantId: string,
  kind: "GRANT" | "USAGE" | "TOPUP",
  amount: bigint,
  at: string,
): Promise<void> {
  balance += amount;
  await db.ledgerEntry.create({
    data: {
      tenantId,
      kind,
      amount,
      balanceAfter: balance,
      idempotencyKey: crypto.randomUUID(),
      reason: kind,
      createdAt: new Date(at),
    },
  });
}

describe("the balance history by day", () => {
  it("folds a day's calls into one row, keeps credits and top-ups as their own, pages by day", async () => {
    const tenant = await createTenant({ ctx, input: { name: `Days ${crypto.randomUUID()}` } });
    await post(tenant.id, "GRANT", 5_000_000n, "2026-11-01T08:00:00Z");
    await post(tenant.id, "USAGE", -32n, "2026-11-01T09:00:00Z");
    await post(tenant.id, "USAGE", -68n, "2026-11-01T10:00:00Z");
    await post(tenant.id, "TOPUP", 10_000_000n, "2026-11-02T08:00:00Z");
    await post(tenant.id, "USAGE", -1_000n, "2026-11-02T09:00:00Z");

    const first = await listLedgerDays({ ctx, input: { tenantId: tenant.id, days: 1 } });
    expect(first.items).toMatchObject([
      { type: "usage", day: "2026-11-02", amount: -1_000n, calls: 1, balanceAfter: 14_998_900n },
      { type: "entry", entry: { kind: "TOPUP", amount: 10_000_000n } },
    ]);
    expect(first.nextBefore).toBe("2026-11-02");

    const second = await listLedgerDays({
      ctx,
      input: { tenantId: tenant.id, days: 1, before: "2026-11-02" },
    });
    expect(second.items).toMatchObject([
      { type: "usage", day: "2026-11-01", amount: -100n, calls: 2, balanceAfter: 4_999_900n },
      { type: "entry", entry: { kind: "GRANT", amount: 5_000_000n } },
    ]);
    expect(second.nextBefore).toBeNull();

    const calls = await listUsageDay({
      ctx,
      input: { tenantId: tenant.id, day: "2026-11-01", limit: 100 },
    });
    expect(calls.map((c) => c.amount)).toEqual([-68n, -32n]);
  });
});
