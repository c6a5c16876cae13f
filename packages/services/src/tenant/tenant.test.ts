import { ledgerTotal, parseUsd } from "@relay/billing";
import { getDb } from "@relay/db";
import { afterAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context.ts";
import { createTenant } from "./create.ts";
import { creditTenant } from "./credit.ts";
import { listTenantPage, listTenantPageInput, listTenants } from "./list.ts";

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

describe("tenant pages", () => {
  async function pageThrough(input: { search?: string; limit: number }) {
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listTenantPage({
        ctx,
        input: listTenantPageInput.parse({ ...input, cursor }),
      });
      expect(page.items.length).toBeLessThanOrEqual(input.limit);
      ids.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    return { ids, pages };
  }

  it("pages past 200 tenants, each exactly once, with and without a search", async () => {
    // One statement: all 230 share one created_at, so only the id orders them.
    await db.tenant.createMany({
      data: Array.from({ length: 230 }, (_, i) => ({
        name: `Pagetest ${String(i).padStart(3, "0")}`,
        slug: `pagetest-${String(i).padStart(3, "0")}`,
      })),
    });
    for (const i of [230, 231, 232]) {
      await createTenant({ ctx, input: { name: `Pagetest ${i}`, slug: `pagetest-${i}` } });
    }
    const mine = await db.tenant.findMany({
      where: { slug: { startsWith: "pagetest-" } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true },
    });
    expect(mine).toHaveLength(233);

    const searched = await pageThrough({ search: "PAGETEST", limit: 50 });
    expect(searched.ids).toEqual(mine.map((t) => t.id));
    expect(searched.pages).toBe(5);

    const everything = await pageThrough({ limit: 200 });
    expect(new Set(everything.ids).size).toBe(everything.ids.length);
    const seen = new Set(everything.ids);
    expect(mine.filter((t) => !seen.has(t.id))).toEqual([]);

    const uneven = await pageThrough({ search: "pagetest-2", limit: 7 });
    expect(uneven.ids).toHaveLength(33);
    expect(new Set(uneven.ids).size).toBe(33);

    await expect(
      listTenantPage({ ctx, input: listTenantPageInput.parse({ cursor: "1' or 1=1" }) }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});
