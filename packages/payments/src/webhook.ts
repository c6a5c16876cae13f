// Stripe's webhook: verified against the raw body with the SDK (signature and a 5-minute
// timestamp tolerance, so old replays are refused), then applied exactly once. A paid session
// credits its tenant with the ledger entry's idempotency key set to the session id, so replays
// and concurrent deliveries credit once; refunds and disputes debit (charge-events.ts), also when
// they arrive before the payment's credit; expired sessions close their order. Unknown sessions
// change nothing.
import { type Db, inTransaction } from "@relay/db";
import type Stripe from "stripe";
import {
  applyDeferredEvents,
  handleChargeEvent,
  isChargeEvent,
  lockPayment,
} from "./charge-events.ts";
import { creditFor } from "./conversion.ts";
import { PaymentsError } from "./errors.ts";
import { paymentSettings } from "./settings.ts";
import { formatMinor } from "./stripe-audit.ts";
import { creditPaidTopUp } from "./top-up-money.ts";

const TOLERANCE_SECONDS = 300;

export interface WebhookOutcome {
  eventId: string;
  type: string;
  /**
   * What happened: "credited", "already-credited", "refunded", "disputed", "dispute won",
   * "dispute lost", "deferred: ...", "expired", "ignored: ...".
   */
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
  if (isChargeEvent(event)) return outcome(await handleChargeEvent(ctx.db, event));
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
    if (paymentIntent) await lockPayment(tx, paymentIntent);
    const outcome = await creditPaidTopUp(tx, {
      orderId: order.id,
      provider: "stripe",
      idempotencyKey: `stripe:checkout:${session.id}`,
      currency,
      amountMinor: BigInt(amountTotal),
      credit,
      reason: `Top-up ${formatMinor(amountTotal, currency)} via Stripe`,
      paymentMethod: session.payment_method_types?.[0] ?? null,
      stripePaymentIntentId: paymentIntent,
    });
    if (!outcome.credited) return "already-credited";
    // Refunds and disputes that arrived before this credit, in the same transaction.
    const deferred = paymentIntent ? await applyDeferredEvents(tx, order.id, paymentIntent) : [];
    return deferred.length ? `credited; then ${deferred.join("; ")}` : "credited";
  });
}

async function closeOrder(db: Db, sessionId: string, state: "EXPIRED" | "FAILED"): Promise<string> {
  const closed = await db.topUpOrder.updateMany({
    where: { stripeSessionId: sessionId, state: "PENDING" },
    data: { state, closedAt: new Date() },
  });
  return closed.count === 1 ? state.toLowerCase() : "ignored: no pending order";
}
