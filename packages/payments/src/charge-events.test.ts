// Refunds and chargebacks of paid top-ups, through the real handler with webhooks signed by the
// stripe SDK: each moves money once, at the rate the payment was credited at, whatever order
// Stripe delivers the events in and however often it repeats them.
import { randomUUID } from "node:crypto";
import { ledgerTotal } from "@relay/billing";
import { getDb } from "@relay/db";
import { afterAll, describe, expect, it } from "vitest";
import { createTopUpCheckout } from "./checkout.ts";
import { listTopUpOrders } from "./orders.ts";
import type { DoubleSession } from "./testing/stripe-double.ts";
import { useStripeDouble } from "./testing/stripe-suite.ts";
import { handleStripeWebhook } from "./webhook.ts";

const db = getDb();
const secretKey = "sk_test_relay";
const webhookSecret = "whsec_relay_test";
const suite = useStripeDouble({ secretKey, webhookSecret });

afterAll(async () => {
  await db.$disconnect();
});

async function deliver(body: string): Promise<string> {
  const signature = suite.stripe.webhooks.generateTestHeaderString({
    payload: body,
    secret: webhookSecret,
  });
  const outcome = await handleStripeWebhook({
    ctx: { db, stripe: suite.stripe, webhookSecret },
    input: { rawBody: body, signature },
  });
  return outcome.result;
}

/** A tenant with a paid-for Checkout Session (not delivered yet) of `amountMinor`. */
async function paidSession(amountMinor: number) {
  const slug = `chg-${randomUUID().slice(0, 8)}`;
  const tenantId = (await db.tenant.create({ data: { name: slug, slug } })).id;
  const { order } = await createTopUpCheckout({
    ctx: { db, stripe: suite.stripe },
    input: {
      tenantId,
      amountMinor,
      successUrl: "http://localhost:3000/ok",
      cancelUrl: "http://localhost:3000/no",
    },
  });
  const session = suite.double.complete(order.stripeSessionId ?? "");
  return { tenantId, orderId: order.id, session, completed: completedEvent(session) };
}

function completedEvent(session: DoubleSession): string {
  return suite.double.event("checkout.session.completed", session);
}

function refundEvent(
  session: DoubleSession,
  refunded: { amount: number; of: number; currency?: string },
) {
  return suite.double.event("charge.refunded", {
    id: `ch_${session.payment_intent}`,
    object: "charge",
    payment_intent: session.payment_intent,
    amount: refunded.of,
    amount_refunded: refunded.amount,
    currency: refunded.currency ?? "usd",
    refunded: refunded.amount === refunded.of,
  });
}

function disputeEvent(
  type: string,
  session: DoubleSession,
  dispute: { amount: number; status: string; currency?: string },
) {
  return suite.double.event(type, {
    id: `dp_${session.payment_intent}`,
    object: "dispute",
    charge: `ch_${session.payment_intent}`,
    payment_intent: session.payment_intent,
    amount: dispute.amount,
    currency: dispute.currency ?? "usd",
    status: dispute.status,
  });
}

async function balance(tenantId: string): Promise<bigint> {
  const row = await db.tenant.findUniqueOrThrow({ where: { id: tenantId } });
  expect(await ledgerTotal({ ctx: { db }, input: { tenantId } })).toBe(row.balance);
  return row.balance;
}

async function entries(tenantId: string) {
  const rows = await db.ledgerEntry.findMany({ where: { tenantId }, orderBy: { id: "asc" } });
  return rows.map((row) => ({ kind: row.kind, amount: row.amount }));
}

async function orderState(orderId: string) {
  return (await db.topUpOrder.findUniqueOrThrow({ where: { id: orderId } })).state;
}

async function spend(tenantId: string, micros: bigint) {
  await db.$transaction(async (tx) => {
    const tenant = await tx.tenant.update({
      where: { id: tenantId },
      data: { balance: { decrement: micros } },
    });
    await tx.ledgerEntry.create({
      data: {
        tenantId,
        kind: "USAGE",
        amount: -micros,
        balanceAfter: tenant.balance,
        idempotencyKey: `spend:${randomUUID()}`,
      },
    });
  });
}

async function withCnyRate<T>(rate: string, fn: () => Promise<T>): Promise<T> {
  const value = { currency: "cny", minimumMinor: 100, methods: ["card"], rates: { cny: rate } };
  await db.setting.upsert({
    where: { key: "payments" },
    create: { key: "payments", value },
    update: { value },
  });
  try {
    return await fn();
  } finally {
    await db.setting.delete({ where: { key: "payments" } });
  }
}

describe("a refund that arrives before its payment's completion", () => {
  it("is kept, then debited right after the credit: balance = paid - refunded", async () => {
    const { tenantId, orderId, session, completed } = await paidSession(1_000);
    const refund = refundEvent(session, { amount: 400, of: 1_000 });
    expect(await deliver(refund)).toBe("deferred: payment not credited yet");
    expect(await deliver(refund)).toBe("deferred: payment not credited yet");
    expect(await balance(tenantId)).toBe(0n);

    expect(await deliver(completed)).toBe("credited; then refunded");
    expect(await balance(tenantId)).toBe(6_000_000n);
    // Stripe keeps retrying both; nothing moves again.
    expect(await deliver(completed)).toBe("already-credited");
    expect(await deliver(refund)).toBe("ignored: already refunded");
    expect(await balance(tenantId)).toBe(6_000_000n);
    expect(await entries(tenantId)).toEqual([
      { kind: "TOPUP", amount: 10_000_000n },
      { kind: "REFUND", amount: -4_000_000n },
    ]);
    expect(await db.topUpOrder.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({
      state: "PAID",
      refundedAmount: 4_000_000n,
    });
  });

  it("a full refund before completion leaves the order refunded and the balance at zero", async () => {
    const { tenantId, orderId, session, completed } = await paidSession(2_500);
    const partial = refundEvent(session, { amount: 1_000, of: 2_500 });
    const full = refundEvent(session, { amount: 2_500, of: 2_500 });
    // The later, cumulative event first: the earlier one then adds nothing.
    await deliver(full);
    await deliver(partial);
    expect(await deliver(completed)).toBe("credited; then refunded; ignored: already refunded");
    expect(await balance(tenantId)).toBe(0n);
    expect(await entries(tenantId)).toEqual([
      { kind: "TOPUP", amount: 25_000_000n },
      { kind: "REFUND", amount: -25_000_000n },
    ]);
    expect(await orderState(orderId)).toBe("REFUNDED");
  });

  it("racing the completion, the refund is applied exactly once", async () => {
    const { tenantId, session, completed } = await paidSession(1_000);
    const refund = refundEvent(session, { amount: 300, of: 1_000 });
    await Promise.all([
      deliver(refund),
      deliver(completed),
      deliver(refund),
      deliver(completed),
      deliver(refund),
    ]);
    expect(await balance(tenantId)).toBe(7_000_000n);
    expect(await entries(tenantId)).toEqual([
      { kind: "TOPUP", amount: 10_000_000n },
      { kind: "REFUND", amount: -3_000_000n },
    ]);
  });
});

describe("chargebacks", () => {
  it("debit the disputed amount while disputed (below zero) and restore it when won", async () => {
    const { tenantId, orderId, session, completed } = await paidSession(1_000);
    await deliver(completed);
    await spend(tenantId, 7_000_000n);

    const created = disputeEvent("charge.dispute.created", session, {
      amount: 1_000,
      status: "needs_response",
    });
    const results = await Promise.all([deliver(created), deliver(created), deliver(created)]);
    expect(results.filter((r) => r === "disputed")).toHaveLength(1);
    // Stripe's funds_withdrawn of the same dispute is the same debit.
    const withdrawn = disputeEvent("charge.dispute.funds_withdrawn", session, {
      amount: 1_000,
      status: "needs_response",
    });
    expect(await deliver(withdrawn)).toBe("ignored: dispute already debited");
    expect(await balance(tenantId)).toBe(-7_000_000n);
    // The billing page's list of top-ups shows it.
    const listed = await listTopUpOrders({ ctx: { db }, input: { tenantId, limit: 20 } });
    expect(listed.items.map((order) => [order.id, order.state])).toEqual([[orderId, "DISPUTED"]]);

    const won = disputeEvent("charge.dispute.closed", session, { amount: 1_000, status: "won" });
    expect(await deliver(won)).toBe("dispute won");
    const reinstated = disputeEvent("charge.dispute.funds_reinstated", session, {
      amount: 1_000,
      status: "won",
    });
    expect(await deliver(reinstated)).toBe("ignored: dispute already restored");
    expect(await deliver(won)).toBe("ignored: dispute already restored");
    expect(await deliver(created)).toBe("ignored: dispute already debited");
    expect(await balance(tenantId)).toBe(3_000_000n);
    expect(await orderState(orderId)).toBe("PAID");
    expect(await entries(tenantId)).toEqual([
      { kind: "TOPUP", amount: 10_000_000n },
      { kind: "USAGE", amount: -7_000_000n },
      { kind: "ADJUSTMENT", amount: -10_000_000n },
      { kind: "ADJUSTMENT", amount: 10_000_000n },
    ]);
    expect(await db.auditLog.count({ where: { tenantId, action: "topup.disputed" } })).toBe(1);
    expect(await db.auditLog.count({ where: { tenantId, action: "topup.dispute_won" } })).toBe(1);
  });

  it("keep the debit when lost", async () => {
    const { tenantId, orderId, session, completed } = await paidSession(1_000);
    await deliver(completed);
    await deliver(
      disputeEvent("charge.dispute.created", session, { amount: 600, status: "needs_response" }),
    );
    const lost = disputeEvent("charge.dispute.closed", session, { amount: 600, status: "lost" });
    expect(await deliver(lost)).toBe("dispute lost");
    expect(await deliver(lost)).toBe("ignored: dispute already lost");
    expect(await balance(tenantId)).toBe(4_000_000n);
    expect(await orderState(orderId)).toBe("CHARGED_BACK");
    expect(await entries(tenantId)).toEqual([
      { kind: "TOPUP", amount: 10_000_000n },
      { kind: "ADJUSTMENT", amount: -6_000_000n },
    ]);
  });

  it("closed before created: won moves nothing net, lost debits once", async () => {
    const won = await paidSession(1_000);
    await deliver(won.completed);
    expect(
      await deliver(
        disputeEvent("charge.dispute.closed", won.session, { amount: 1_000, status: "won" }),
      ),
    ).toBe("dispute won");
    expect(
      await deliver(
        disputeEvent("charge.dispute.created", won.session, {
          amount: 1_000,
          status: "needs_response",
        }),
      ),
    ).toBe("ignored: dispute already debited");
    expect(await balance(won.tenantId)).toBe(10_000_000n);
    expect(await orderState(won.orderId)).toBe("PAID");

    const lost = await paidSession(1_000);
    await deliver(lost.completed);
    expect(
      await deliver(
        disputeEvent("charge.dispute.closed", lost.session, { amount: 1_000, status: "lost" }),
      ),
    ).toBe("dispute lost");
    expect(
      await deliver(
        disputeEvent("charge.dispute.created", lost.session, {
          amount: 1_000,
          status: "needs_response",
        }),
      ),
    ).toBe("ignored: dispute already debited");
    expect(await balance(lost.tenantId)).toBe(0n);
    expect(await orderState(lost.orderId)).toBe("CHARGED_BACK");
    expect(await entries(lost.tenantId)).toEqual([
      { kind: "TOPUP", amount: 10_000_000n },
      { kind: "ADJUSTMENT", amount: -10_000_000n },
    ]);
  });

  it("an inquiry that closes without a chargeback moves nothing", async () => {
    const { tenantId, orderId, session, completed } = await paidSession(1_000);
    await deliver(completed);
    expect(
      await deliver(
        disputeEvent("charge.dispute.created", session, {
          amount: 1_000,
          status: "warning_needs_response",
        }),
      ),
    ).toBe("ignored: inquiry, no funds withdrawn");
    expect(
      await deliver(
        disputeEvent("charge.dispute.closed", session, { amount: 1_000, status: "warning_closed" }),
      ),
    ).toBe("ignored: dispute closed as warning_closed");
    expect(await balance(tenantId)).toBe(10_000_000n);
    expect(await orderState(orderId)).toBe("PAID");
  });

  it("a dispute delivered before the payment's completion is applied after the credit", async () => {
    const { tenantId, orderId, session, completed } = await paidSession(1_000);
    const created = disputeEvent("charge.dispute.created", session, {
      amount: 1_000,
      status: "needs_response",
    });
    expect(await deliver(created)).toBe("deferred: payment not credited yet");
    expect(await deliver(completed)).toBe("credited; then disputed");
    expect(await balance(tenantId)).toBe(0n);
    expect(await orderState(orderId)).toBe("DISPUTED");
  });

  it("debit at the rate the payment was credited at, not the operator's current rate", async () => {
    const { tenantId, completed, session } = await withCnyRate("1380", async () => {
      const paid = await paidSession(10_000); // CNY 100.00 at 1380 = $13.80
      expect(await deliver(paid.completed)).toBe("credited");
      return paid;
    });
    expect(completed).toBeTruthy();
    await withCnyRate("1500", async () => {
      const created = disputeEvent("charge.dispute.created", session, {
        amount: 5_000,
        status: "needs_response",
        currency: "cny",
      });
      expect(await deliver(created)).toBe("disputed");
      // CNY 50.00 x 1380 = $6.900000, not CNY 50.00 x 1500.
      expect(await balance(tenantId)).toBe(6_900_000n);
      const won = disputeEvent("charge.dispute.closed", session, {
        amount: 5_000,
        status: "won",
        currency: "cny",
      });
      expect(await deliver(won)).toBe("dispute won");
      expect(await balance(tenantId)).toBe(13_800_000n);
    });
  });
});
