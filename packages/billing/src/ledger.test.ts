import { randomUUID } from "node:crypto";
import { getDb } from "@relay/db";
import { afterAll, describe, expect, it } from "vitest";
import { getBalance, ledgerTotal } from "./balance.ts";
import { BillingError } from "./errors.ts";
import { postLedgerEntry } from "./ledger.ts";
import { parseUsd } from "./money.ts";

const db = getDb();
const ctx = { db };

async function newTenant(): Promise<string> {
  const slug = `t-${randomUUID().slice(0, 8)}`;
  const tenant = await db.tenant.create({ data: { name: slug, slug } });
  return tenant.id;
}

afterAll(async () => {
  await db.$disconnect();
});

describe("ledger", () => {
  it("keeps balance == sum(ledger) through a series of credits and adjustments", async () => {
    const tenantId = await newTenant();
    const moves = ["5", "12.345678", "-3.5", "0.000001", "-0.845679", "100", "-50"];
    for (const [i, amount] of moves.entries()) {
      await postLedgerEntry({
        ctx,
        input: {
          tenantId,
          kind: amount.startsWith("-") ? "ADJUSTMENT" : "GRANT",
          amount: parseUsd(amount),
          idempotencyKey: `${tenantId}:series:${i}`,
          reason: "test series",
        },
      });
    }
    const { balance } = await getBalance({ ctx, input: { tenantId } });
    expect(balance).toBe(63_000_000n); // 5 + 12.345678 - 3.5 + 0.000001 - 0.845679 + 100 - 50
    expect(await ledgerTotal({ ctx, input: { tenantId } })).toBe(balance);

    // Every entry records the balance it left, and they chain.
    const entries = await db.ledgerEntry.findMany({ where: { tenantId }, orderBy: { id: "asc" } });
    let running = 0n;
    for (const entry of entries) {
      running += entry.amount;
      expect(entry.balanceAfter).toBe(running);
    }
  });

  it("stays exact under concurrent posts to one tenant", async () => {
    const tenantId = await newTenant();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        postLedgerEntry({
          ctx,
          input: {
            tenantId,
            kind: i % 4 === 0 ? "ADJUSTMENT" : "GRANT",
            amount: i % 4 === 0 ? -1_000n : 250_000n,
            idempotencyKey: `${tenantId}:concurrent:${i}`,
          },
        }),
      ),
    );
    const { balance } = await getBalance({ ctx, input: { tenantId } });
    expect(balance).toBe(30n * 250_000n - 10n * 1_000n);
    expect(await ledgerTotal({ ctx, input: { tenantId } })).toBe(balance);
  });

  it("moves money once for one idempotency key, even when retried in parallel", async () => {
    const tenantId = await newTenant();
    const input = {
      tenantId,
      kind: "TOPUP" as const,
      amount: parseUsd("10"),
      idempotencyKey: `stripe:cs_${tenantId}`,
    };
    const results = await Promise.all(
      Array.from({ length: 10 }, () => postLedgerEntry({ ctx, input })),
    );
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect((await getBalance({ ctx, input: { tenantId } })).balance).toBe(10_000_000n);
    expect(await db.ledgerEntry.count({ where: { tenantId } })).toBe(1);

    await expect(
      postLedgerEntry({ ctx, input: { ...input, amount: parseUsd("11") } }),
    ).rejects.toMatchObject({ code: "IDEMPOTENCY_CONFLICT" });
  });

  it("refuses a debit below the floor and leaves nothing behind", async () => {
    const tenantId = await newTenant();
    await postLedgerEntry({
      ctx,
      input: { tenantId, kind: "GRANT", amount: 1_000_000n, idempotencyKey: `${tenantId}:g` },
    });
    const attempt = postLedgerEntry({
      ctx,
      input: {
        tenantId,
        kind: "ADJUSTMENT",
        amount: -1_000_001n,
        idempotencyKey: `${tenantId}:d`,
        floor: 0n,
      },
    });
    await expect(attempt).rejects.toBeInstanceOf(BillingError);
    await expect(attempt).rejects.toMatchObject({ code: "INSUFFICIENT_BALANCE" });
    expect((await getBalance({ ctx, input: { tenantId } })).balance).toBe(1_000_000n);
    expect(await db.ledgerEntry.count({ where: { tenantId } })).toBe(1);
  });

  it("rejects unknown tenants and zero amounts", async () => {
    await expect(
      postLedgerEntry({
        ctx,
        input: { tenantId: randomUUID(), kind: "GRANT", amount: 1n, idempotencyKey: randomUUID() },
      }),
    ).rejects.toMatchObject({ code: "TENANT_NOT_FOUND" });
    await expect(
      postLedgerEntry({
        ctx,
        input: { tenantId: randomUUID(), kind: "GRANT", amount: 0n, idempotencyKey: randomUUID() },
      }),
    ).rejects.toMatchObject({ code: "INVALID_AMOUNT" });
  });

  it("is append-only: the database refuses to edit or delete an entry", async () => {
    const tenantId = await newTenant();
    const { entry } = await postLedgerEntry({
      ctx,
      input: { tenantId, kind: "GRANT", amount: 5n, idempotencyKey: `${tenantId}:a` },
    });
    await expect(
      db.ledgerEntry.update({ where: { id: entry.id }, data: { amount: 500n } }),
    ).rejects.toThrow(/append-only/);
    await expect(db.ledgerEntry.delete({ where: { id: entry.id } })).rejects.toThrow(/append-only/);
    expect(await ledgerTotal({ ctx, input: { tenantId } })).toBe(5n);
  });
});
