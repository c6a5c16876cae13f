// Top-up end to end below the console: Checkout Sessions created through the real stripe SDK
// against the local double, webhooks signed with the SDK's test header and sent through the real
// handler. Money arrives exactly once and never without payment.
import { randomUUID } from "node:crypto";
import { ledgerTotal } from "@relay/billing";
import { getDb } from "@relay/db";
import { afterAll, describe, expect, it } from "vitest";
import { createTopUpCheckout } from "./checkout.ts";
import { useStripeDouble } from "./testing/stripe-suite.ts";
import { handleStripeWebhook } from "./webhook.ts";

const db = getDb();
const secretKey = "sk_test_relay";
const webhookSecret = "whsec_relay_test";
const suite = useStripeDouble({ secretKey, webhookSecret });

afterAll(async () => {
  await db.$disconnect();
});

async function tenant(): Promise<string> {
  const slug = `pay-${randomUUID().slice(0, 8)}`;
  return (await db.tenant.create({ data: { name: slug, slug } })).id;
}

async function checkout(tenantId: string, amountMinor = 1_234) {
  return createTopUpCheckout({
    ctx: { db, stripe: suite.stripe },
    input: {
      tenantId,
      amountMinor,
      successUrl: "http://localhost:3000/ok",
      cancelUrl: "http://localhost:3000/no",
    },
  });
}

function deliver(body: string, options: { secret?: string; timestamp?: number } = {}) {
  const signature = suite.stripe.webhooks.generateTestHeaderString({
    payload: body,
    secret: options.secret ?? webhookSecret,
    timestamp: options.timestamp,
  });
  return handleStripeWebhook({
    ctx: { db, stripe: suite.stripe, webhookSecret },
    input: { rawBody: body, signature },
  });
}

async function balance(tenantId: string) {
  const row = await db.tenant.findUniqueOrThrow({ where: { id: tenantId } });
  expect(await ledgerTotal({ ctx: { db }, input: { tenantId } })).toBe(row.balance);
  return row.balance;
}

describe("Stripe top-up", () => {
  it("creates a Checkout Session with the operator's methods and a pending order", async () => {
    const tenantId = await tenant();
    const { order, url } = await checkout(tenantId);
    expect(url).toContain("/pay/cs_test_");
    expect(order).toMatchObject({
      state: "PENDING",
      amountMinor: 1234n,
      currency: "usd",
      creditAmount: 12_340_000n,
    });
    expect(suite.double.created.at(-1)).toMatchObject({
      mode: "payment",
      allowed_payment_method_types: ["card"],
      line_items: [{ quantity: "1", price_data: { currency: "usd", unit_amount: "1234" } }],
      metadata: { orderId: order.id, tenantId },
    });
    await expect(checkout(tenantId, 100)).rejects.toMatchObject({ code: "BELOW_MINIMUM" });
  });

  it("credits exactly Stripe's amount once, even when the event is replayed 10 times at once", async () => {
    const tenantId = await tenant();
    const { order } = await checkout(tenantId, 2_500);
    const session = suite.double.complete(order.stripeSessionId ?? "");
    const body = suite.double.event("checkout.session.completed", session);
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => deliver(body)));
    expect(outcomes.filter((o) => o.result === "credited")).toHaveLength(1);
    expect(outcomes.filter((o) => o.result === "already-credited")).toHaveLength(9);
    expect(await balance(tenantId)).toBe(25_000_000n);
    const topUps = await db.ledgerEntry.findMany({ where: { tenantId, kind: "TOPUP" } });
    expect(topUps.map((entry) => entry.reason)).toEqual(["Top-up 25.00 USD via Stripe"]);
    expect(await db.topUpOrder.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      state: "PAID",
      stripePaymentIntentId: session.payment_intent,
    });
    expect(await db.auditLog.count({ where: { tenantId, action: "topup.paid" } })).toBe(1);
  });

  it("credits nothing for a forged, unsigned or old signature", async () => {
    const tenantId = await tenant();
    const { order } = await checkout(tenantId);
    const body = suite.double.event(
      "checkout.session.completed",
      suite.double.complete(order.stripeSessionId ?? ""),
    );
    await expect(deliver(body, { secret: "whsec_forged" })).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
    });
    await expect(
      handleStripeWebhook({
        ctx: { db, stripe: suite.stripe, webhookSecret },
        input: { rawBody: body, signature: undefined },
      }),
    ).rejects.toMatchObject({ code: "SIGNATURE_INVALID" });
    const anHourAgo = Math.floor(Date.now() / 1000) - 3_600;
    await expect(deliver(body, { timestamp: anHourAgo })).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
    });
    // A signed body that was altered after signing.
    const signature = suite.stripe.webhooks.generateTestHeaderString({
      payload: body,
      secret: webhookSecret,
    });
    const tampered = body.replace('"amount_total":1234', '"amount_total":999999');
    await expect(
      handleStripeWebhook({
        ctx: { db, stripe: suite.stripe, webhookSecret },
        input: { rawBody: tampered, signature },
      }),
    ).rejects.toMatchObject({ code: "SIGNATURE_INVALID" });
    expect(await balance(tenantId)).toBe(0n);
  });

  it("ignores sessions it did not create, and waits for delayed payments", async () => {
    const tenantId = await tenant();
    const stranger = {
      ...suite.double.complete((await checkout(tenantId)).order.stripeSessionId ?? ""),
      id: "cs_test_unknown",
    };
    expect((await deliver(suite.double.event("checkout.session.completed", stranger))).result).toBe(
      "ignored: unknown session",
    );

    const { order } = await checkout(tenantId, 1_000);
    const unpaid = suite.double.complete(order.stripeSessionId ?? "", { paid: false });
    expect((await deliver(suite.double.event("checkout.session.completed", unpaid))).result).toBe(
      "ignored: not paid yet",
    );
    expect(await balance(tenantId)).toBe(0n);
    const paid = suite.double.complete(order.stripeSessionId ?? "");
    expect(
      (await deliver(suite.double.event("checkout.session.async_payment_succeeded", paid))).result,
    ).toBe("credited");
    expect(await balance(tenantId)).toBe(10_000_000n);
  });

  it("closes expired sessions", async () => {
    const tenantId = await tenant();
    const { order } = await checkout(tenantId);
    const session = {
      ...suite.double.sessions.get(order.stripeSessionId ?? ""),
      status: "expired",
    };
    expect((await deliver(suite.double.event("checkout.session.expired", session))).result).toBe(
      "expired",
    );
    expect((await db.topUpOrder.findUniqueOrThrow({ where: { id: order.id } })).state).toBe(
      "EXPIRED",
    );
  });

  it("a refund after spending debits the balance below zero, exactly once", async () => {
    const tenantId = await tenant();
    const { order } = await checkout(tenantId, 1_000);
    const session = suite.double.complete(order.stripeSessionId ?? "");
    await deliver(suite.double.event("checkout.session.completed", session));
    // Spend $7 of the $10.
    await db.$transaction(async (tx) => {
      await tx.tenant.update({
        where: { id: tenantId },
        data: { balance: { decrement: 7_000_000n } },
      });
      await tx.ledgerEntry.create({
        data: {
          tenantId,
          kind: "USAGE",
          amount: -7_000_000n,
          balanceAfter: 3_000_000n,
          idempotencyKey: `spend:${tenantId}`,
        },
      });
    });
    const charge = {
      id: `ch_test_${tenantId.slice(0, 8)}`,
      object: "charge",
      payment_intent: session.payment_intent,
      amount: 1_000,
      amount_refunded: 1_000,
      currency: "usd",
      refunded: true,
    };
    const body = suite.double.event("charge.refunded", charge);
    const outcomes = await Promise.all([deliver(body), deliver(body), deliver(body)]);
    expect(outcomes.filter((o) => o.result === "refunded")).toHaveLength(1);
    expect(await balance(tenantId)).toBe(-7_000_000n);
    expect(await db.topUpOrder.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      state: "REFUNDED",
      refundedAmount: 10_000_000n,
    });
  });

  it("converts other currencies at the operator's explicit rate", async () => {
    await db.setting.upsert({
      where: { key: "payments" },
      create: {
        key: "payments",
        value: {
          currency: "cny",
          minimumMinor: 100,
          methods: ["card", "alipay", "wechat_pay"],
          rates: { cny: "1380" },
        },
      },
      update: {
        value: {
          currency: "cny",
          minimumMinor: 100,
          methods: ["card", "alipay", "wechat_pay"],
          rates: { cny: "1380" },
        },
      },
    });
    try {
      const tenantId = await tenant();
      const { order } = await checkout(tenantId, 10_000); // CNY 100.00
      expect(suite.double.created.at(-1)).toMatchObject({
        allowed_payment_method_types: ["card", "alipay", "wechat_pay"],
        payment_method_options: { wechat_pay: { client: "web" } },
      });
      await deliver(
        suite.double.event(
          "checkout.session.completed",
          suite.double.complete(order.stripeSessionId ?? ""),
        ),
      );
      expect(await balance(tenantId)).toBe(13_800_000n);

      // The operator raises the rate; refunding half of that payment debits at the rate it was
      // credited at: CNY 50.00 x 1380 = $6.900000, not CNY 50.00 x 1500.
      await db.setting.update({
        where: { key: "payments" },
        data: {
          value: {
            currency: "cny",
            minimumMinor: 100,
            methods: ["card"],
            rates: { cny: "1500" },
          },
        },
      });
      const paid = await db.topUpOrder.findUniqueOrThrow({ where: { id: order.id } });
      const charge = {
        id: `ch_test_cny_${tenantId.slice(0, 8)}`,
        object: "charge",
        payment_intent: paid.stripePaymentIntentId,
        amount: 10_000,
        amount_refunded: 5_000,
        currency: "cny",
        refunded: false,
      };
      expect((await deliver(suite.double.event("charge.refunded", charge))).result).toBe(
        "refunded",
      );
      expect(await balance(tenantId)).toBe(6_900_000n);
      expect(await db.topUpOrder.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
        state: "PAID",
        refundedAmount: 6_900_000n,
      });
    } finally {
      await db.setting.delete({ where: { key: "payments" } });
    }
  });
});
