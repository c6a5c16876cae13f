// Payment settings are the operator's alone; top-up orders and receipts are their tenant's alone.
// Signed out is UNAUTHORIZED, a tenant owner saving settings is FORBIDDEN, and another tenant's
// order id is NOT_FOUND, exactly like an id that does not exist. Through createCaller.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppSession } from "./auth/session.ts";
import { type Caller, callerFor, codeOf, db, join, type Person, person } from "./testing.ts";

let owner: Person;
let stranger: Person;
let dev: Person;
let operator: AppSession;
let paidOrderId: string;
let pendingOrderId: string;
const MISSING = "00000000-0000-4000-8000-000000000000";

beforeAll(async () => {
  owner = await person("pay-owner@example.com");
  stranger = await person("pay-stranger@example.com");
  dev = await person("pay-dev@example.com");
  await join(dev.session.user.id, owner.tenant.id, "DEVELOPER");
  const op = await person("pay-operator@example.com");
  await db.user.update({ where: { id: op.session.user.id }, data: { role: "OPERATOR" } });
  operator = { user: { ...op.session.user, role: "OPERATOR" } };
  const paid = await db.topUpOrder.create({
    data: {
      tenantId: owner.tenant.id,
      currency: "cny",
      amountMinor: 10_000n,
      creditAmount: 13_800_000n,
      state: "PAID",
      paidAt: new Date("2026-03-04T10:00:00Z"),
      paymentMethod: "alipay",
      stripeSessionId: "cs_test_security_paid",
      stripePaymentIntentId: "pi_test_security_paid",
    },
  });
  paidOrderId = paid.id;
  const pending = await db.topUpOrder.create({
    data: {
      tenantId: owner.tenant.id,
      currency: "usd",
      amountMinor: 500n,
      creditAmount: 5_000_000n,
      stripeSessionId: "cs_test_security_pending",
    },
  });
  pendingOrderId = pending.id;
});

afterAll(async () => {
  await db.setting.deleteMany({ where: { key: "payments" } });
  await db.$disconnect();
});

const settingsInput = {
  currency: "cny",
  minimumMinor: 1_000,
  presetsMinor: [5_000, 1_000],
  methods: ["card" as const, "alipay" as const],
  usdPerUnit: "0.138",
};

const operatorCalls: Record<string, (c: Caller) => Promise<unknown>> = {
  "operatorPayments.get": (c) => c.operatorPayments.get(),
  "operatorPayments.save": (c) => c.operatorPayments.save(settingsInput),
  "operatorPayments.saveAlipay": (c) =>
    c.operatorPayments.saveAlipay({ appId: "2021000000000001", alipayPublicKey: "x" }),
  "operatorPayments.removeProvider": (c) =>
    c.operatorPayments.removeProvider({ provider: "wechat_pay" }),
  "operatorPayments.refund": (c) =>
    c.operatorPayments.refund({ orderId: "00000000-0000-4000-8000-000000000000", reason: "x" }),
};

describe("operator payment settings", () => {
  const names = Object.keys(operatorCalls);
  const call = (name: string) => {
    const fn = operatorCalls[name];
    if (!fn) throw new Error(name);
    return fn;
  };

  it.each(names)("%s signed out -> UNAUTHORIZED", async (name) => {
    expect(await codeOf(call(name)(callerFor(null)))).toBe("UNAUTHORIZED");
  });

  it.each(names)("%s as a tenant owner -> FORBIDDEN", async (name) => {
    expect(await codeOf(call(name)(callerFor(owner.session)))).toBe("FORBIDDEN");
  });

  it.each(names)("%s with a forged OPERATOR session -> FORBIDDEN", async (name) => {
    const forged = { user: { ...owner.session.user, role: "OPERATOR" as const } };
    expect(await codeOf(call(name)(callerFor(forged)))).toBe("FORBIDDEN");
  });

  it("refused saves changed nothing and wrote no audit row", async () => {
    expect(await db.setting.count({ where: { key: "payments" } })).toBe(0);
    expect(await db.auditLog.count({ where: { action: "settings.payments" } })).toBe(0);
  });

  it("an operator saves; the page and the developer's top-up form read it back", async () => {
    const caller = callerFor(operator);
    expect(await caller.operatorPayments.save(settingsInput)).toEqual({
      currency: "cny",
      minimumMinor: 1_000,
    });
    const page = await caller.operatorPayments.get();
    expect(page).toMatchObject({
      currency: "cny",
      minimumMinor: 1_000,
      presetsMinor: [1_000, 5_000],
      methods: ["card", "alipay"],
      usdPerUnit: "0.138",
      stripe: {
        webhookUrl: expect.stringMatching(/\/api\/stripe\/webhook$/),
        events: expect.arrayContaining(["checkout.session.completed", "charge.refunded"]),
      },
    });
    // Whether keys are set is shown; the keys are not.
    expect(JSON.stringify(page)).not.toMatch(/sk_(test|live)_|whsec_/);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "settings.payments" } });
    expect(audit).toMatchObject({
      actorId: operator.user.id,
      actorLabel: "pay-operator@example.com",
    });
    expect(
      await callerFor(dev.session).billing.topUpOptions({ tenantId: owner.tenant.id }),
    ).toMatchObject({
      currency: "cny",
      minimumMinor: 1_000,
      presetsMinor: [1_000, 5_000],
      methods: ["card", "alipay"],
      rateMicrosPerMinor: 1_380n,
    });
    expect(
      await codeOf(caller.operatorPayments.save({ ...settingsInput, usdPerUnit: undefined })),
    ).toBe("BAD_REQUEST");
  });
});

describe("top-up orders and receipts", () => {
  it("signed out -> UNAUTHORIZED", async () => {
    const anon = callerFor(null);
    const tenantId = owner.tenant.id;
    expect(await codeOf(anon.billing.topUpOrders({ tenantId }))).toBe("UNAUTHORIZED");
    expect(await codeOf(anon.billing.receipt({ tenantId, orderId: paidOrderId }))).toBe(
      "UNAUTHORIZED",
    );
  });

  it("another tenant's order id -> NOT_FOUND, whichever tenant the caller names", async () => {
    const them = callerFor(stranger.session);
    expect(
      await codeOf(them.billing.receipt({ tenantId: stranger.tenant.id, orderId: paidOrderId })),
    ).toBe("NOT_FOUND");
    expect(
      await codeOf(them.billing.receipt({ tenantId: owner.tenant.id, orderId: paidOrderId })),
    ).toBe("NOT_FOUND");
    expect(
      await codeOf(
        them.billing.topUpStatus({
          tenantId: stranger.tenant.id,
          sessionId: "cs_test_security_paid",
        }),
      ),
    ).toBe("NOT_FOUND");
    expect((await them.billing.topUpOrders({ tenantId: stranger.tenant.id })).items).toEqual([]);
    expect(await codeOf(them.billing.topUpOrders({ tenantId: owner.tenant.id }))).toBe("NOT_FOUND");
  });

  it("an unpaid order has no receipt, and a missing id reads the same", async () => {
    const mine = callerFor(owner.session);
    const tenantId = owner.tenant.id;
    expect(await codeOf(mine.billing.receipt({ tenantId, orderId: pendingOrderId }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(mine.billing.receipt({ tenantId, orderId: MISSING }))).toBe("NOT_FOUND");
  });

  it("a developer member lists the tenant's top-ups and opens a receipt", async () => {
    const caller = callerFor(dev.session);
    const tenantId = owner.tenant.id;
    const list = await caller.billing.topUpOrders({ tenantId });
    expect(list.items.map((o) => [o.id, o.state])).toEqual([
      [pendingOrderId, "PENDING"],
      [paidOrderId, "PAID"],
    ]);
    const receipt = await caller.billing.receipt({ tenantId, orderId: paidOrderId });
    expect(receipt).toMatchObject({
      receiptNumber: `R-20260304-${paidOrderId.replaceAll("-", "").slice(0, 8).toUpperCase()}`,
      tenant: { name: owner.tenant.name, slug: owner.tenant.slug },
      order: {
        currency: "cny",
        amountMinor: 10_000n,
        creditAmount: 13_800_000n,
        refundedAmount: 0n,
        paymentMethod: "alipay",
        stripeSessionId: "cs_test_security_paid",
        stripePaymentIntentId: "pi_test_security_paid",
      },
      refunds: [],
      refundedMinor: 0n,
    });
    expect(
      await caller.billing.topUpStatus({ tenantId, sessionId: "cs_test_security_pending" }),
    ).toMatchObject({ id: pendingOrderId, state: "PENDING" });
  });
});
