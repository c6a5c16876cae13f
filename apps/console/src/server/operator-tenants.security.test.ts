// Every operator-tenants and operator-insights procedure refuses signed-out callers
// (UNAUTHORIZED), tenant owners and sessions that still claim OPERATOR after a demotion
// (FORBIDDEN), and moves nothing when refused. Through createCaller on the real database.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppSession } from "./auth/session.ts";
import { type Caller, callerFor, codeOf, db, person } from "./testing.ts";

afterAll(() => db.$disconnect());

let owner: Awaited<ReturnType<typeof person>>;
let operator: AppSession;

beforeAll(async () => {
  owner = await person("owner-opsec@example.com");
  const op = await person("operator-opsec@example.com");
  await db.user.update({ where: { id: op.session.user.id }, data: { role: "OPERATOR" } });
  operator = { user: { ...op.session.user, role: "OPERATOR" } };
});

const missingGroup = "00000000-0000-4000-8000-000000000000";

/** Each operator procedure with otherwise valid input, aimed at the owner's tenant. */
const operatorCalls: Record<string, (c: Caller, tenantId: string) => Promise<unknown>> = {
  "operatorTenants.list": (c) => c.operatorTenants.list({}),
  "operatorTenants.create": (c) => c.operatorTenants.create({ name: `sneaky ${randomUUID()}` }),
  "operatorTenants.detail": (c, tenantId) => c.operatorTenants.detail({ tenantId }),
  "operatorTenants.setStatus": (c, tenantId) =>
    c.operatorTenants.setStatus({ tenantId, status: "SUSPENDED", reason: "sneaky" }),
  "operatorTenants.credit": (c, tenantId) =>
    c.operatorTenants.credit({
      tenantId,
      amount: "100",
      reason: "free money",
      idempotencyKey: randomUUID(),
    }),
  "operatorTenants.ledger": (c, tenantId) => c.operatorTenants.ledger({ tenantId }),
  "operatorTenants.usage": (c, tenantId) => c.operatorTenants.usage({ tenantId }),
  "operatorTenants.assignPriceGroup": (c, tenantId) =>
    c.operatorTenants.assignPriceGroup({ tenantId, priceGroupId: null }),
  "operatorInsights.auditLog": (c, tenantId) => c.operatorInsights.auditLog({ tenantId }),
  "operatorInsights.dashboard": (c) => c.operatorInsights.dashboard(),
};

function call(name: string) {
  const fn = operatorCalls[name];
  if (!fn) throw new Error(name);
  return fn;
}

describe("operator procedures", () => {
  const names = Object.keys(operatorCalls);

  it.each(names)("%s signed out -> UNAUTHORIZED", async (name) => {
    expect(await codeOf(call(name)(callerFor(null), owner.tenant.id))).toBe("UNAUTHORIZED");
  });

  it.each(names)("%s as a tenant owner -> FORBIDDEN", async (name) => {
    expect(await codeOf(call(name)(callerFor(owner.session), owner.tenant.id))).toBe("FORBIDDEN");
  });

  it.each(names)("%s with a forged OPERATOR session -> FORBIDDEN", async (name) => {
    const forged = { user: { ...owner.session.user, role: "OPERATOR" as const } };
    expect(await codeOf(call(name)(callerFor(forged), owner.tenant.id))).toBe("FORBIDDEN");
  });

  it("refused calls moved no money and changed no status", async () => {
    const tenant = await db.tenant.findUniqueOrThrow({ where: { id: owner.tenant.id } });
    expect(tenant.balance).toBe(0n);
    expect(tenant.status).toBe("ACTIVE");
    expect(await db.ledgerEntry.count({ where: { tenantId: tenant.id } })).toBe(0);
  });

  it("an operator credits with a reason: balance, ledger and audit row agree; a retry is free", async () => {
    const caller = callerFor(operator);
    const idempotencyKey = randomUUID();
    const input = { tenantId: owner.tenant.id, amount: "2", reason: "goodwill", idempotencyKey };
    const first = await caller.operatorTenants.credit(input);
    const again = await caller.operatorTenants.credit(input);
    expect(first).toMatchObject({ amount: 2_000_000n, balanceAfter: 2_000_000n, duplicate: false });
    expect(again.duplicate).toBe(true);
    const detail = await caller.operatorTenants.detail({ tenantId: owner.tenant.id });
    expect(detail.tenant.balance).toBe(2_000_000n);
    expect(detail.members.map((m) => m.role)).toEqual(["OWNER"]);
    const audit = await caller.operatorInsights.auditLog({
      tenantId: owner.tenant.id,
      action: "ledger.",
    });
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ actorLabel: "operator-opsec@example.com" });
    expect(JSON.parse(audit.items[0]?.data ?? "{}")).toEqual({
      amount: "2000000",
      reason: "goodwill",
    });
    expect(
      await codeOf(
        caller.operatorTenants.credit({ ...input, reason: " ", idempotencyKey: randomUUID() }),
      ),
    ).toBe("BAD_REQUEST");
    expect(
      await codeOf(
        caller.operatorTenants.assignPriceGroup({
          tenantId: owner.tenant.id,
          priceGroupId: missingGroup,
        }),
      ),
    ).toBe("NOT_FOUND");
  });

  it("suspending needs a reason; members then see it, and reactivating clears it", async () => {
    const caller = callerFor(operator);
    const tenantId = owner.tenant.id;
    expect(
      await codeOf(
        caller.operatorTenants.setStatus({ tenantId, status: "SUSPENDED", reason: "  " }),
      ),
    ).toBe("BAD_REQUEST");
    expect((await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).status).toBe("ACTIVE");

    const suspended = await caller.operatorTenants.setStatus({
      tenantId,
      status: "SUSPENDED",
      reason: "Invoice 17 is unpaid",
    });
    expect(suspended).toMatchObject({
      status: "SUSPENDED",
      suspendedReason: "Invoice 17 is unpaid",
    });
    const detail = await caller.operatorTenants.detail({ tenantId });
    expect(detail.tenant).toMatchObject({
      status: "SUSPENDED",
      suspendedReason: "Invoice 17 is unpaid",
    });
    expect(detail.tenant.suspendedAt).toBeInstanceOf(Date);
    const me = await callerFor(owner.session).me.get();
    expect(me.memberships.find((m) => m.tenant.id === tenantId)?.tenant).toMatchObject({
      status: "SUSPENDED",
      suspendedReason: "Invoice 17 is unpaid",
    });
    const audit = await caller.operatorInsights.auditLog({ tenantId, action: "tenant.suspend" });
    expect(audit.items.map((a) => [a.actorLabel, JSON.parse(a.data)])).toEqual([
      [
        "operator-opsec@example.com",
        { from: "ACTIVE", to: "SUSPENDED", reason: "Invoice 17 is unpaid" },
      ],
    ]);

    await caller.operatorTenants.setStatus({ tenantId, status: "ACTIVE" });
    const after = await callerFor(owner.session).me.get();
    expect(after.memberships.find((m) => m.tenant.id === tenantId)?.tenant).toMatchObject({
      status: "ACTIVE",
      suspendedReason: null,
    });
  });

  it("the audit log filters by actor; the tenant list pages with a cursor and keeps the search", async () => {
    const caller = callerFor(operator);
    const tenantId = owner.tenant.id;
    const byOperator = await caller.operatorInsights.auditLog({
      tenantId,
      actor: "operator-opsec@example.com",
    });
    expect(new Set(byOperator.items.map((a) => a.actorLabel))).toEqual(
      new Set(["operator-opsec@example.com"]),
    );
    expect(byOperator.items.map((a) => a.action)).toEqual([
      "tenant.reactivate",
      "tenant.suspend",
      "ledger.grant",
    ]);
    const byOwner = await caller.operatorInsights.auditLog({
      tenantId,
      actor: "owner-opsec@example.com",
    });
    expect(byOwner.items.map((a) => a.action)).toEqual(["user.sign_up", "tenant.create"]);

    for (const n of [1, 2, 3]) {
      await caller.operatorTenants.create({ name: `Listed paging ${n}` });
    }
    const first = await caller.operatorTenants.list({ search: "LISTED PAGING", limit: 2 });
    expect(first.items.map((t) => t.name)).toEqual(["Listed paging 1", "Listed paging 2"]);
    expect(first.nextCursor).not.toBeNull();
    const second = await caller.operatorTenants.list({
      search: "listed paging",
      limit: 2,
      cursor: first.nextCursor ?? undefined,
    });
    expect(second).toMatchObject({ items: [{ name: "Listed paging 3" }], nextCursor: null });
    expect(await codeOf(caller.operatorTenants.list({ cursor: "not-a-cursor" }))).toBe(
      "BAD_REQUEST",
    );
  });

  it("a group made from the tenant page is the catalog's group: one verb, one list", async () => {
    const caller = callerFor(operator);
    const created = await caller.operatorCatalog.savePriceGroup({
      name: "Tenant page group",
      multiplier: "120",
    });
    expect(created).toMatchObject({ name: "Tenant page group", multiplierPpm: 1_200_000 });
    await caller.operatorTenants.assignPriceGroup({
      tenantId: owner.tenant.id,
      priceGroupId: created.id,
    });
    await caller.operatorCatalog.savePriceGroup({
      id: created.id,
      name: "Tenant page group",
      multiplier: "110",
    });
    const detail = await caller.operatorTenants.detail({ tenantId: owner.tenant.id });
    expect(detail.tenant.priceGroup).toEqual({
      id: created.id,
      name: "Tenant page group",
      multiplierPpm: 1_100_000,
    });
    const listed = (await caller.operatorCatalog.priceGroups()).filter(
      (g) => g.name === "Tenant page group",
    );
    expect(listed.map((g) => [g.id, g.tenantCount])).toEqual([[created.id, 1]]);
    expect(
      await codeOf(
        caller.operatorCatalog.savePriceGroup({ name: "Tenant page group", multiplier: "90" }),
      ),
    ).toBe("CONFLICT");
    await caller.operatorTenants.assignPriceGroup({
      tenantId: owner.tenant.id,
      priceGroupId: null,
    });
  });
});
