// A tenant's top-ups and receipts, from orders the real webhook handler completed and refunded.
import { randomUUID } from "node:crypto";
import { getDb } from "@relay/db";
import { afterAll, describe, expect, it } from "vitest";
import { createTopUpCheckout } from "./checkout.ts";
import { PaymentsError } from "./errors.ts";
import { listTopUpOrders, receiptNumber, topUpOrderBySession, topUpReceipt } from "./orders.ts";
import { useStripeDouble } from "./testing/stripe-suite.ts";
import { handleStripeWebhook } from "./webhook.ts";

const db = getDb();
const secretKey = "sk_test_orders";
const webhookSecret = "whsec_orders_test";
const suite = useStripeDouble({ secretKey, webhookSecret });

afterAll(async () => {
  await db.$disconnect();
});

async function tenant(): Promise<{ id: string; name: string; slug: string }> {
  const slug = `ord-${randomUUID().slice(0, 8)}`;
  return db.tenant.create({ data: { name: `Acme ${slug}`, slug } });
}

function deliver(body: string) {
  const signature = suite.stripe.webhooks.generateTestHeaderString({
    payload: body,
    secret: webhookSecret,
  });
  return handleStripeWebhook({
    ctx: { db, stripe: suite.stripe, webhookSecret },
    input: { rawBody: body, signature },
  });
}

async function paidOrder(tenantId: string, amountMinor: number) {
  const { order } = await createTopUpCheckout({
    ctx: { db, stripe: suite.stripe },
    input: { tenantId, amountMinor, successUrl: "http://c/ok", cancelUrl: "http://c/no" },
  });
  const session = suite.double.complete(order.stripeSessionId ?? "");
  expect((await deliver(suite.double.event("checkout.session.completed", session))).result).toBe(
    "credited",
  );
  return { order, session };
}

async function notFound(promise: Promise<unknown>): Promise<boolean> {
  try {
    await promise;
    return false;
  } catch (error) {
    return error instanceof PaymentsError && error.code === "NOT_FOUND";
  }
}

describe("top-up orders and receipts", () => {
  it("lists a tenant's orders newest first, by pages, and never another tenant's", async () => {
    const acme = await tenant();
    const other = await tenant();
    const first = await paidOrder(acme.id, 1_000);
    const second = await createTopUpCheckout({
      ctx: { db, stripe: suite.stripe },
      input: {
        tenantId: acme.id,
        amountMinor: 2_500,
        successUrl: "http://c/ok",
        cancelUrl: "http://c/no",
      },
    });
    await paidOrder(other.id, 700);

    const page1 = await listTopUpOrders({ ctx: { db }, input: { tenantId: acme.id, limit: 1 } });
    expect(page1.items).toEqual([
      expect.objectContaining({
        id: second.order.id,
        state: "PENDING",
        amountMinor: 2_500n,
        creditAmount: 25_000_000n,
        paidAt: null,
      }),
    ]);
    expect(page1.nextCursor).toBe(second.order.id);
    const page2 = await listTopUpOrders({
      ctx: { db },
      input: { tenantId: acme.id, limit: 1, cursor: page1.nextCursor ?? undefined },
    });
    expect(page2.items).toEqual([
      expect.objectContaining({
        id: first.order.id,
        state: "PAID",
        currency: "usd",
        amountMinor: 1_000n,
        creditAmount: 10_000_000n,
        refundedAmount: 0n,
        paymentMethod: "card",
      }),
    ]);
    expect(page2.nextCursor).toBeNull();
    // Another tenant's order id as a cursor yields nothing of theirs.
    const theirs = await listTopUpOrders({ ctx: { db }, input: { tenantId: other.id, limit: 20 } });
    expect(theirs.items).toHaveLength(1);
    expect(
      await listTopUpOrders({
        ctx: { db },
        input: { tenantId: other.id, limit: 20, cursor: first.order.id },
      }),
    ).toEqual({ items: [], nextCursor: null });
  });

  it("a paid order's receipt, its partial refund in both currencies, and nothing for others", async () => {
    const acme = await tenant();
    const stranger = await tenant();
    const { order, session } = await paidOrder(acme.id, 2_000);
    const charge = {
      id: `ch_${order.id.slice(0, 8)}`,
      object: "charge",
      payment_intent: session.payment_intent,
      amount: 2_000,
      amount_refunded: 500,
      currency: "usd",
      refunded: false,
    };
    expect((await deliver(suite.double.event("charge.refunded", charge))).result).toBe("refunded");

    const receipt = await topUpReceipt({
      ctx: { db },
      input: { tenantId: acme.id, orderId: order.id },
    });
    const paid = await db.topUpOrder.findUniqueOrThrow({ where: { id: order.id } });
    expect(receipt).toEqual({
      receiptNumber: receiptNumber(order.id, paid.paidAt ?? new Date(0)),
      order: {
        id: order.id,
        state: "PAID",
        currency: "usd",
        amountMinor: 2_000n,
        creditAmount: 20_000_000n,
        refundedAmount: 5_000_000n,
        paymentMethod: "card",
        createdAt: paid.createdAt,
        paidAt: paid.paidAt,
        stripeSessionId: order.stripeSessionId,
        stripePaymentIntentId: session.payment_intent,
        providerTradeNo: null,
      },
      tenant: { name: acme.name, slug: acme.slug },
      refunds: [{ id: expect.any(String), createdAt: expect.any(Date), amount: 5_000_000n }],
      refundedMinor: 500n,
    });
    expect(receipt.receiptNumber).toMatch(/^R-\d{8}-[0-9A-F]{8}$/);
    expect(
      await topUpOrderBySession({
        ctx: { db },
        input: { tenantId: acme.id, sessionId: order.stripeSessionId ?? "" },
      }),
    ).toMatchObject({ id: order.id, state: "PAID" });

    expect(
      await notFound(
        topUpReceipt({ ctx: { db }, input: { tenantId: stranger.id, orderId: order.id } }),
      ),
    ).toBe(true);
    expect(
      await notFound(
        topUpOrderBySession({
          ctx: { db },
          input: { tenantId: stranger.id, sessionId: order.stripeSessionId ?? "" },
        }),
      ),
    ).toBe(true);
    const pending = await createTopUpCheckout({
      ctx: { db, stripe: suite.stripe },
      input: {
        tenantId: acme.id,
        amountMinor: 900,
        successUrl: "http://c/ok",
        cancelUrl: "http://c/no",
      },
    });
    expect(
      await notFound(
        topUpReceipt({ ctx: { db }, input: { tenantId: acme.id, orderId: pending.order.id } }),
      ),
    ).toBe(true);
  });

  it("receipt numbers: the day paid in UTC and the order id's first eight hex digits", () => {
    expect(
      receiptNumber("0a1b2c3d-4e5f-4a00-8000-000000000000", new Date("2026-03-04T23:59:00Z")),
    ).toBe("R-20260304-0A1B2C3D");
  });
});
