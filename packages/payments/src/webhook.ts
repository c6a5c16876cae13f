// Stripe's webhook: verified against the raw body with the SDK (signature and a 5-minute
// timestamp tolerance, so old replays are refused), then applied exactly once. A paid session
// credits its tenant with the ledger entry's idempotency key set to the session id, so replays
// and concurrent deliveries credit once; refunds debit (the balance may go negative: the proxy
// then refuses calls); expired sessions close their order. Unknown sessions change nothing.
import { postLedgerEntry } from "@relay/billing";
import { type Db, inTransaction, type Tx } from "@relay/db";
import type Stripe from "stripe";
import { creditFor } from "./conversion.ts";
import { minorToDecimal } from "./currency.ts";
import { PaymentsError } from "./errors.ts";
import { paymentSettings } from "./settings.ts";

const TOLERANCE_SECONDS = 300;
const STRIPE_ACTOR = "stripe";

export interface WebhookOutcome {
  eventId: string;
  type: string;
  /** What happened: "credited", "already-credited", "refunded", "expired", "ignored: ...". */
  result: string;
}

export function verifyEvent(
  stripe: Stripe,
  rawBody: string | Buffer,
  signature: string | undefined,
  secret: string,
): Stripe.Event {
  if (!signature) throw new PaymentsError("SIGNATURE_INVALID", "Missing Stripe-Signature header");
  try {
    return stripe.webhooks.constructEvent(rawBody, signature, secret, TOLERANCE_SECONDS);
  } catch (error) {
    throw new PaymentsError(
      "SIGNATURE_INVALID",
      `Webhook signature rejected: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

export async function handleStripeWebhook({
  ctx,
  input,
}: {
  ctx: { db: Db; stripe: Stripe; webhookSecret: string };
  input: { rawBody: string | Buffer; signature: string | undefined };
}): Promise<WebhookOutcome> {
  const event = verifyEvent(ctx.stripe, input.rawBody, input.signature, ctx.webhookSecret);
  const outcome = (result: string): WebhookOutcome => ({
    eventId: event.id,
    type: event.type,
    result,
  });
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const session = event.data.object;
      // Delayed methods complete the session unpaid; their money arrives with async_payment_succeeded.
      if (session.payment_status !== "paid") return outcome("ignored: not paid yet");
      return outcome(await creditSession(ctx.db, session));
    }
    case "checkout.session.async_payment_failed":
      return outcome(await closeOrder(ctx.db, event.data.object.id, "FAILED"));
    case "checkout.session.expired":
      return outcome(await closeOrder(ctx.db, event.data.object.id, "EXPIRED"));
    case "charge.refunded":
      return outcome(await refundCharge(ctx.db, event.data.object));
    default:
      return outcome("ignored: event type not handled");
  }
}

async function creditSession(db: Db, session: Stripe.Checkout.Session): Promise<string> {
  const order = await db.topUpOrder.findUnique({ where: { stripeSessionId: session.id } });
  if (!order) {
    console.warn(`stripe webhook: unknown checkout session ${session.id}; nothing credited`);
    return "ignored: unknown session";
  }
  const amountTotal = session.amount_total;
  const currency = session.currency;
  if (amountTotal === null || !currency) return "ignored: session without an amount";
  const settings = await paymentSettings(db);
  // Stripe's amount and currency decide the credit, whatever the order expected.
  const credit = creditFor(BigInt(amountTotal), currency, settings.rates);
  const paymentIntent =
    typeof session.payment_intent === "string"
      ? session.payment_intent
      : session.payment_intent?.id;
  return inTransaction(db, async (tx) => {
    const { entry, duplicate } = await postLedgerEntry({
      ctx: { db: tx },
      input: {
        tenantId: order.tenantId,
        kind: "TOPUP",
        amount: credit,
        idempotencyKey: `stripe:checkout:${session.id}`,
        reference: order.id,
        reason: `Top-up ${formatMinor(amountTotal, currency)} via Stripe`,
        actorId: order.userId ?? undefined,
      },
    });
    if (duplicate) return "already-credited";
    await tx.topUpOrder.update({
      where: { id: order.id },
      data: {
        state: "PAID",
        paidAt: new Date(),
        currency,
        amountMinor: BigInt(amountTotal),
        creditAmount: credit,
        stripePaymentIntentId: paymentIntent ?? null,
        paymentMethod: session.payment_method_types?.[0] ?? null,
      },
    });
    await audit(tx, "topup.paid", order.tenantId, order.id, {
      credit: credit.toString(),
      ledgerEntry: entry.id.toString(),
    });
    return "credited";
  });
}

async function closeOrder(db: Db, sessionId: string, state: "EXPIRED" | "FAILED"): Promise<string> {
  const closed = await db.topUpOrder.updateMany({
    where: { stripeSessionId: sessionId, state: "PENDING" },
    data: { state, closedAt: new Date() },
  });
  return closed.count === 1 ? state.toLowerCase() : "ignored: no pending order";
}

async function refundCharge(db: Db, charge: Stripe.Charge): Promise<string> {
  const paymentIntent =
    typeof charge.payment_intent === "string" ? charge.payment_intent : charge.payment_intent?.id;
  if (!paymentIntent) return "ignored: charge without a payment intent";
  const order = await db.topUpOrder.findUnique({ where: { stripePaymentIntentId: paymentIntent } });
  if (!order) {
    console.warn(`stripe webhook: refund for unknown payment ${paymentIntent}; nothing debited`);
    return "ignored: unknown payment";
  }
  const settings = await paymentSettings(db);
  return inTransaction(db, async (tx) => {
    // amount_refunded is cumulative: debit only what this event adds beyond what is already
    // debited. The order row is locked so concurrent refund events of one payment serialise.
    await tx.$queryRaw`SELECT id FROM topup_orders WHERE id = ${order.id}::uuid FOR UPDATE`;
    const current = await tx.topUpOrder.findUniqueOrThrow({ where: { id: order.id } });
    // At the rate the payment was credited at (credit = amount × rate, exactly), not today's:
    // an operator changing the rate between a payment and its refund must not change the debit.
    const sameCurrency = charge.currency.toLowerCase() === current.currency.toLowerCase();
    const refundedCredit =
      sameCurrency && current.amountMinor > 0n && current.creditAmount % current.amountMinor === 0n
        ? BigInt(charge.amount_refunded) * (current.creditAmount / current.amountMinor)
        : creditFor(BigInt(charge.amount_refunded), charge.currency, settings.rates);
    const delta = refundedCredit - current.refundedAmount;
    if (delta <= 0n) return "ignored: already refunded";
    const { duplicate } = await postLedgerEntry({
      ctx: { db: tx },
      input: {
        tenantId: order.tenantId,
        kind: "REFUND",
        amount: -delta,
        idempotencyKey: `stripe:refund:${charge.id}:${charge.amount_refunded}`,
        reference: order.id,
        reason: `Refund of ${formatMinor(charge.amount_refunded, charge.currency)} via Stripe`,
      },
    });
    if (duplicate) return "ignored: already refunded";
    await tx.topUpOrder.update({
      where: { id: order.id },
      data: {
        refundedAmount: refundedCredit,
        state: charge.refunded ? "REFUNDED" : current.state,
        closedAt: charge.refunded ? new Date() : current.closedAt,
      },
    });
    await audit(tx, "topup.refunded", order.tenantId, order.id, { debit: delta.toString() });
    return "refunded";
  });
}

async function audit(
  tx: Tx,
  action: string,
  tenantId: string,
  orderId: string,
  data: Record<string, string>,
) {
  await tx.auditLog.create({
    data: {
      actorLabel: STRIPE_ACTOR,
      action,
      targetType: "topup_order",
      targetId: orderId,
      tenantId,
      data,
    },
  });
}

/** For the ledger's reason, which developers read: 1234 of "usd" -> "12.34 USD". */
function formatMinor(amount: number, currency: string): string {
  return `${minorToDecimal(BigInt(amount), currency)} ${currency.toUpperCase()}`;
}
