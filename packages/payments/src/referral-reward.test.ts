// Referral rewards through Stripe's real notifications (signed by the SDK, delivered to the real
// handler): the referrer of a workspace is paid once per paid top-up however often Stripe
// repeats itself, and refunds take the reward back in proportion, even one delivered early, as
// does a lost chargeback.
import { randomUUID } from "node:crypto";
import { ledgerTotal } from "@relay/billing";
import { getDb } from "@relay/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTopUpCheckout } from "./checkout.ts";
import type { DoubleSession } from "./testing/stripe-double.ts";
import { useStripeDouble } from "./testing/stripe-suite.ts";
import { handleStripeWebhook } from "./webhook.ts";

const db = getDb();
const secretKey = "sk_test_relay";
const webhookSecret = "whsec_relay_test";
const suite = useStripeDouble({ secretKey, webhookSecret });

beforeAll(async () => {
  const value = { enabled: true, rateBps: 1_000, capPerReferred: null };
  await db.setting.upsert({
    where: { key: "referral" },
    create: { key: "referral", value },
    update: { value },
  });
});

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

/** A referrer, the workspace it invited, and that workspace's paid (undelivered) session. */
async function referredPayment(amountMinor: number) {
  const tag = randomUUID().slice(0, 8);
  const referrer = await db.tenant.create({ data: { name: "Acme", slug: `acme-${tag}` } });
  const referred = await db.tenant.create({
    data: { name: "Beta", slug: `beta-${tag}`, referredById: referrer.id },
  });
  const { order } = await createTopUpCheckout({
    ctx: { db, stripe: suite.stripe },
    input: {
      tenantId: referred.id,
      amountMinor,
      successUrl: "http://localhost:3000/ok",
      cancelUrl: "http://localhost:3000/no",
    },
  });
  const session = suite.double.complete(order.stripeSessionId ?? "");
  return {
    referrerId: referrer.id,
    referredId: referred.id,
    orderId: order.id,
    session,
    completed: suite.double.event("checkout.session.completed", session),
  };
}

function refundEvent(session: DoubleSession, refunded: { amount: number; of: number }) {
  return suite.double.event("charge.refunded", {
    id: `ch_${session.payment_intent}`,
    object: "charge",
    payment_intent: session.payment_intent,
    amount: refunded.of,
    amount_refunded: refunded.amount,
    currency: "usd",
    refunded: refunded.amount === refunded.of,
  });
}

function disputeEvent(type: string, session: DoubleSession, status: string, amount: number) {
  return suite.double.event(type, {
    id: `dp_${session.payment_intent}`,
    object: "dispute",
    charge: `ch_${session.payment_intent}`,
    payment_intent: session.payment_intent,
    amount,
    currency: "usd",
    status,
  });
}

async function balance(tenantId: string): Promise<bigint> {
  const row = await db.tenant.findUniqueOrThrow({ where: { id: tenantId } });
  expect(await ledgerTotal({ ctx: { db }, input: { tenantId } })).toBe(row.balance);
  return row.balance;
}

describe("referral rewards on Stripe top-ups", () => {
  it("a $20 top-up delivered 10 times at once pays the referrer $2.000000 once", async () => {
    const payment = await referredPayment(2_000);
    const results = await Promise.all(Array.from({ length: 10 }, () => deliver(payment.completed)));
    expect(results.filter((result) => result === "credited")).toHaveLength(1);
    expect(await balance(payment.referredId)).toBe(20_000_000n);
    expect(await balance(payment.referrerId)).toBe(2_000_000n);
    const rewards = await db.ledgerEntry.findMany({ where: { tenantId: payment.referrerId } });
    expect(rewards).toMatchObject([
      {
        kind: "REFERRAL",
        amount: 2_000_000n,
        reference: payment.orderId,
        reason: "Referral reward: 10% of Beta's top-up of $20.000000",
      },
    ]);
  });

  it("refunding half the top-up takes back half the reward, the rest on the full refund", async () => {
    const payment = await referredPayment(2_000);
    await deliver(payment.completed);
    expect(await deliver(refundEvent(payment.session, { amount: 1_000, of: 2_000 }))).toBe(
      "refunded",
    );
    expect(await balance(payment.referrerId)).toBe(1_000_000n);
    await deliver(refundEvent(payment.session, { amount: 1_000, of: 2_000 })); // replayed
    expect(await balance(payment.referrerId)).toBe(1_000_000n);
    await deliver(refundEvent(payment.session, { amount: 2_000, of: 2_000 }));
    expect(await balance(payment.referrerId)).toBe(0n);
    expect(await balance(payment.referredId)).toBe(0n);
  });

  it("a chargeback takes the reward back only once it is lost", async () => {
    const payment = await referredPayment(2_000);
    await deliver(payment.completed);
    await deliver(disputeEvent("charge.dispute.created", payment.session, "needs_response", 2_000));
    expect(await balance(payment.referrerId)).toBe(2_000_000n); // open: it may still be won
    expect(
      await deliver(disputeEvent("charge.dispute.closed", payment.session, "lost", 2_000)),
    ).toBe("dispute lost");
    await deliver(disputeEvent("charge.dispute.closed", payment.session, "lost", 2_000));
    expect(await balance(payment.referrerId)).toBe(0n);
    const reversal = await db.ledgerEntry.findFirstOrThrow({
      where: { tenantId: payment.referrerId, amount: { lt: 0n } },
    });
    expect(reversal).toMatchObject({
      kind: "REFERRAL",
      amount: -2_000_000n,
      reason: "Referral reward reversed: Beta's top-up was charged back",
    });
  });

  it("a refund delivered before the payment's completion reverses its reward at the credit", async () => {
    const payment = await referredPayment(2_000);
    expect(await deliver(refundEvent(payment.session, { amount: 500, of: 2_000 }))).toBe(
      "deferred: payment not credited yet",
    );
    expect(await deliver(payment.completed)).toBe("credited; then refunded");
    expect(await balance(payment.referrerId)).toBe(1_500_000n); // $2 paid, a quarter taken back
  });
});
