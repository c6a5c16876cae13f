import { parseUsd } from "@relay/billing";
import { getDb } from "@relay/db";
import { afterAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context.ts";
import { createApiKey } from "../key/create.ts";
import { listPriceGroups, savePriceGroup, savePriceGroupInput } from "../price/group.ts";
import { createTenant } from "../tenant/create.ts";
import { creditTenant } from "../tenant/credit.ts";
import { listLedger, listLedgerInput } from "../tenant/ledger.ts";
import { assignPriceGroup } from "./assign-price-group.ts";
import { listAuditLog, listAuditLogInput } from "./audit-log.ts";
import { getPlatformDashboard } from "./platform-dashboard.ts";
import { setTenantStatus, setTenantStatusInput } from "./set-tenant-status.ts";
import { getTenantDetail } from "./tenant-detail.ts";

const db = getDb();
const ctx: ServiceContext = { db, actor: { label: "op@example.com" } };

afterAll(() => db.$disconnect());

describe("tenant status", () => {
  it("suspends with a reason and reactivates, one audit row each; a no-op writes nothing", async () => {
    const tenant = await createTenant({ ctx, input: { name: "Suspend me" } });
    const suspended = await setTenantStatus({
      ctx,
      input: setTenantStatusInput.parse({
        tenantId: tenant.id,
        status: "SUSPENDED",
        reason: "  unpaid invoice #42 ",
      }),
    });
    expect(suspended).toMatchObject({ status: "SUSPENDED", suspendedReason: "unpaid invoice #42" });
    expect(suspended.suspendedAt).toBeInstanceOf(Date);
    const again = await setTenantStatus({
      ctx,
      input: { tenantId: tenant.id, status: "SUSPENDED", reason: "another reason" },
    });
    expect(again.suspendedReason).toBe("unpaid invoice #42");
    const reactivated = await setTenantStatus({
      ctx,
      input: { tenantId: tenant.id, status: "ACTIVE" },
    });
    expect(reactivated).toMatchObject({
      status: "ACTIVE",
      suspendedReason: null,
      suspendedAt: null,
    });
    const stored = await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    expect([stored.status, stored.suspendedReason, stored.suspendedAt]).toEqual([
      "ACTIVE",
      null,
      null,
    ]);
    const audit = await db.auditLog.findMany({
      where: { tenantId: tenant.id, action: { startsWith: "tenant." } },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => [a.action, a.actorLabel])).toEqual([
      ["tenant.create", "op@example.com"],
      ["tenant.suspend", "op@example.com"],
      ["tenant.reactivate", "op@example.com"],
    ]);
    expect(audit[1]?.data).toEqual({
      from: "ACTIVE",
      to: "SUSPENDED",
      reason: "unpaid invoice #42",
    });
    expect(audit[2]?.data).toEqual({
      from: "SUSPENDED",
      to: "ACTIVE",
      reason: null,
      suspendedReason: "unpaid invoice #42",
    });
    await expect(
      setTenantStatus({
        ctx,
        input: { tenantId: "00000000-0000-4000-8000-000000000000", status: "ACTIVE" },
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses to suspend without a reason, and changes nothing", async () => {
    const tenant = await createTenant({ ctx, input: { name: "No reason" } });
    for (const reason of [undefined, "", "   "]) {
      expect(
        setTenantStatusInput.safeParse({ tenantId: tenant.id, status: "SUSPENDED", reason })
          .success,
      ).toBe(false);
    }
    // Called directly with an unparsed blank reason, the verb refuses too.
    await expect(
      setTenantStatus({ ctx, input: { tenantId: tenant.id, status: "SUSPENDED", reason: " " } }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    const stored = await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    expect([stored.status, stored.suspendedReason]).toEqual(["ACTIVE", null]);
    expect(
      await db.auditLog.count({ where: { tenantId: tenant.id, action: "tenant.suspend" } }),
    ).toBe(0);
  });
});

describe("price groups", () => {
  it("saves a group from a percentage and assigns it, audited", async () => {
    const group = await savePriceGroup({
      ctx,
      input: savePriceGroupInput.parse({ name: "Operator resellers", multiplier: "85" }),
    });
    expect(group.multiplierPpm).toBe(850_000);
    await expect(
      savePriceGroup({
        ctx,
        input: savePriceGroupInput.parse({ name: "Operator resellers", multiplier: "90" }),
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });

    const tenant = await createTenant({ ctx, input: { name: "Planned" } });
    const assigned = await assignPriceGroup({
      ctx,
      input: { tenantId: tenant.id, priceGroupId: group.id },
    });
    expect(assigned.priceGroupId).toBe(group.id);
    const listed = (await listPriceGroups({ ctx })).find((g) => g.id === group.id);
    expect(listed?.tenantCount).toBe(1);
    await assignPriceGroup({ ctx, input: { tenantId: tenant.id, priceGroupId: null } });
    expect(
      await db.auditLog.count({ where: { tenantId: tenant.id, action: "tenant.price_group" } }),
    ).toBe(2);
    await expect(
      assignPriceGroup({
        ctx,
        input: { tenantId: tenant.id, priceGroupId: "00000000-0000-4000-8000-000000000000" },
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("tenant detail and ledger", () => {
  it("pages the ledger newest first with no row twice or missed", async () => {
    const tenant = await createTenant({ ctx, input: { name: "Ledgered", credit: parseUsd("1") } });
    for (const amount of ["0.1", "0.2", "0.3", "-0.05"]) {
      await creditTenant({
        ctx,
        input: { tenant: tenant.id, amount: parseUsd(amount), reason: `r ${amount}` },
      });
    }
    const seen: bigint[] = [];
    let cursor: string | undefined;
    do {
      const page = await listLedger({
        ctx,
        input: listLedgerInput.parse({ tenantId: tenant.id, cursor, limit: 2 }),
      });
      seen.push(...page.items.map((e) => e.amount));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([-50_000n, 300_000n, 200_000n, 100_000n, 1_000_000n]);

    const detail = await getTenantDetail({ ctx, input: { tenantId: tenant.id } });
    expect(detail.tenant.balance).toBe(1_550_000n);
    expect(detail.members).toEqual([]);
  });
});

describe("audit log", () => {
  it("filters by tenant and action family, newest first, by keyset", async () => {
    const tenant = await createTenant({ ctx, input: { name: "Audited", credit: parseUsd("3") } });
    await creditTenant({
      ctx,
      input: { tenant: tenant.id, amount: parseUsd("2"), reason: "gift" },
    });
    const all = await listAuditLog({
      ctx,
      input: listAuditLogInput.parse({ tenantId: tenant.id }),
    });
    expect(all.items.map((a) => a.action)).toEqual([
      "ledger.grant",
      "ledger.grant",
      "tenant.create",
    ]);
    expect(all.items[0]?.data).toMatchObject({ amount: "2000000", reason: "gift" });
    expect(all.items[0]?.tenant?.slug).toBe(tenant.slug);

    const firstPage = await listAuditLog({
      ctx,
      input: listAuditLogInput.parse({ tenantId: tenant.id, action: "ledger.", limit: 1 }),
    });
    expect(firstPage.items).toHaveLength(1);
    const second = await listAuditLog({
      ctx,
      input: listAuditLogInput.parse({
        tenantId: tenant.id,
        action: "ledger.",
        limit: 1,
        cursor: firstPage.nextCursor ?? undefined,
      }),
    });
    expect(second.items.map((a) => a.id)).not.toContain(firstPage.items[0]?.id);
    expect(second.nextCursor).toBeNull();
    await expect(
      listAuditLog({ ctx, input: listAuditLogInput.parse({ cursor: "x; drop" }) }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});

describe("audit log by actor", () => {
  it("filters by who acted, combined with tenant and action, and pages without repeats", async () => {
    const other: ServiceContext = { db, actor: { label: "second-op@example.com" } };
    const tenant = await createTenant({ ctx, input: { name: "Two operators" } });
    for (const [who, amount] of [
      [ctx, "1"],
      [other, "2"],
      [other, "3"],
      [ctx, "4"],
      [other, "5"],
    ] as const) {
      await creditTenant({
        ctx: who,
        input: { tenant: tenant.id, amount: parseUsd(amount), reason: `by ${who.actor.label}` },
      });
    }
    await setTenantStatus({
      ctx: other,
      input: { tenantId: tenant.id, status: "SUSPENDED", reason: "checking" },
    });

    const amounts: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listAuditLog({
        ctx,
        input: listAuditLogInput.parse({
          actor: "second-op@example.com",
          tenantId: tenant.id,
          action: "ledger.",
          limit: 2,
          cursor,
        }),
      });
      expect(page.items.every((a) => a.actorLabel === "second-op@example.com")).toBe(true);
      amounts.push(...page.items.map((a) => String((a.data as { amount: string }).amount)));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(amounts).toEqual(["5000000", "3000000", "2000000"]);

    const everything = await listAuditLog({
      ctx,
      input: listAuditLogInput.parse({ actor: " second-op@example.com ", tenantId: tenant.id }),
    });
    expect(everything.items.map((a) => a.action)).toEqual([
      "tenant.suspend",
      "ledger.grant",
      "ledger.grant",
      "ledger.grant",
    ]);
    const mine = await listAuditLog({
      ctx,
      input: listAuditLogInput.parse({ actor: "op@example.com", tenantId: tenant.id }),
    });
    expect(mine.items.map((a) => a.action)).toEqual([
      "ledger.grant",
      "ledger.grant",
      "tenant.create",
    ]);
    const nobody = await listAuditLog({
      ctx,
      input: listAuditLogInput.parse({ actor: "nobody@example.com", tenantId: tenant.id }),
    });
    expect(nobody).toEqual({ items: [], nextCursor: null });
  });
});

describe("platform dashboard", () => {
  it("sums revenue, cost and margin from the rollups and error rates per channel", async () => {
    const now = new Date("2031-05-20T12:00:00Z");
    const tenant = await createTenant({ ctx, input: { name: "Big spender" } });
    const { apiKey } = await createApiKey({
      ctx,
      input: { tenant: tenant.id, name: "k", allowedModels: [], allowedIps: [] },
    });
    const row = (day: string, model: string, price: bigint, upstreamCost: bigint) => ({
      tenantId: tenant.id,
      apiKeyId: apiKey.id,
      day: new Date(`${day}T00:00:00Z`),
      model,
      requests: 2,
      price,
      upstreamCost,
    });
    await db.usageDaily.createMany({
      data: [
        row("2031-05-20", "gpt-4o", 3_000_000n, 2_000_000n),
        row("2031-05-20", "gpt-4o-mini", 500_000n, 100_000n),
        row("2031-05-02", "gpt-4o", 1_000_000n, 900_000n),
        // Outside the 30 days and outside the month.
        row("2031-04-01", "gpt-4o", 9_000_000n, 1n),
      ],
    });
    const channel = await db.channel.create({
      data: {
        name: "sim",
        provider: "OPENAI",
        baseUrl: "http://x",
        credentialCiphertext: "x",
        credentialHint: "x",
      },
    });
    const record = (n: number, status: number, channelId: string | null) => ({
      requestId: `dash-${n}`,
      tenantId: tenant.id,
      apiKeyId: apiKey.id,
      channelId,
      model: "gpt-4o",
      endpoint: "/v1/chat/completions",
      status,
      createdAt: new Date(now.getTime() - 3_600_000),
    });
    await db.usageRecord.createMany({
      data: [
        record(1, 200, channel.id),
        record(2, 500, channel.id),
        record(3, 429, channel.id),
        record(4, 200, channel.id),
        record(5, 401, null),
        // Older than 24 hours: not counted.
        { ...record(6, 500, channel.id), createdAt: new Date(now.getTime() - 2 * 86_400_000) },
      ],
    });

    const dash = await getPlatformDashboard({ ctx, input: { now } });
    expect(dash.daily).toHaveLength(30);
    expect(dash.daily.at(-1)).toMatchObject({
      day: "2031-05-20",
      revenue: 3_500_000n,
      cost: 2_100_000n,
      margin: 1_400_000n,
    });
    expect(dash.totals).toMatchObject({
      revenue: 4_500_000n,
      cost: 3_000_000n,
      margin: 1_500_000n,
    });
    expect(dash.byModel.map((m) => [m.model, m.revenue, m.margin])).toEqual([
      ["gpt-4o", 4_000_000n, 1_100_000n],
      ["gpt-4o-mini", 500_000n, 400_000n],
    ]);
    expect(dash.topTenants[0]).toMatchObject({ slug: tenant.slug, spend: 4_500_000n });
    expect(dash.channels).toEqual([
      { channelId: channel.id, name: "sim", requests: 4, errors: 2 },
      { channelId: null, name: null, requests: 1, errors: 1 },
    ]);
  });
});
