import { ledgerTotal, parseUsd } from "@relay/billing";
import { getDb } from "@relay/db";
import { afterAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context.ts";
import { createTenant } from "./create.ts";
import { creditTenant } from "./credit.ts";
import { listTenants } from "./list.ts";

const db = getDb();
const ctx: ServiceContext = { db, actor: { label: "test-operator" } };

afterAll(() => db.$disconnect());

describe("tenants", () => {
  it("creates a tenant with opening credit: exact balance, ledger entry and audit rows", async () => {
    const tenant = await createTenant({
      ctx,
      input: { name: "Acme Corp.", credit: parseUsd("5") },
    });
    expect(tenant.slug).toBe("acme-corp");
    expect(tenant.balance).toBe(5_000_000n);

    const stored = await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    expect(stored.balance).toBe(5_000_000n);
    expect(await ledgerTotal({ ctx, input: { tenantId: tenant.id } })).toBe(5_000_000n);
    const audit = await db.auditLog.findMany({
      where: { tenantId: tenant.id },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => [a.action, a.actorLabel])).toEqual([
      ["tenant.create", "test-operator"],
      ["ledger.grant", "test-operator"],
    ]);
    expect((await listTenants({ ctx, input: { search: "acme" } })).map((t) => t.slug)).toContain(
      "acme-corp",
    );
  });

  it("refuses a duplicate slug and leaves nothing half-made", async () => {
    await createTenant({ ctx, input: { name: "Twice", slug: "twice" } });
    await expect(
      createTenant({ ctx, input: { name: "Twice again", slug: "twice", credit: 1_000_000n } }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db.tenant.count({ where: { slug: "twice" } })).toBe(1);
  });

  it("credits and debits by slug with a reason, audited, idempotent by key", async () => {
    const tenant = await createTenant({ ctx, input: { name: "Credit me", credit: parseUsd("1") } });
    await creditTenant({
      ctx,
      input: {
        tenant: tenant.slug,
        amount: parseUsd("2.5"),
        reason: "promo",
        idempotencyKey: "k1",
      },
    });
    await creditTenant({
      ctx,
      input: {
        tenant: tenant.slug,
        amount: parseUsd("2.5"),
        reason: "promo",
        idempotencyKey: "k1",
      },
    });
    const debit = await creditTenant({
      ctx,
      input: { tenant: tenant.id, amount: parseUsd("-0.75"), reason: "correction" },
    });
    expect(debit.entry.kind).toBe("ADJUSTMENT");
    expect(debit.entry.balanceAfter).toBe(2_750_000n);
    const stored = await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    expect(stored.balance).toBe(2_750_000n);
    expect(await ledgerTotal({ ctx, input: { tenantId: tenant.id } })).toBe(2_750_000n);
    expect(
      await db.auditLog.count({
        where: { tenantId: tenant.id, action: { startsWith: "ledger." } },
      }),
    ).toBe(3); // opening grant, one promo (the retry moved nothing), one correction
  });

  it("reports an unknown tenant as NOT_FOUND", async () => {
    await expect(
      creditTenant({ ctx, input: { tenant: "nobody", amount: 1n, reason: "x" } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
