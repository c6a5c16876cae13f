// Money that leaves a paid top-up again: refunds (charge.refunded) and chargebacks
// (charge.dispute.*). Each movement is one ledger entry whose idempotency key names what it is,
// so replays and Stripe's overlapping events (a dispute's `created` and `funds_withdrawn`, its
// `closed` and `funds_reinstated`) move money once, in whatever order they arrive. The balance
// may go negative: the proxy then refuses calls.
//
// Stripe does not promise order: a refund or a dispute can arrive before the
// checkout.session.completed that credits the payment. Such an event is kept
// (deferred_payment_events) and applied in the credit's own transaction, so the balance never
// shows the full credit without the refund. Both sides take one advisory lock per payment intent
// first, so an event and the credit racing each other cannot both miss the other.
import { postLedgerEntry, reverseReferralReward } from "@relay/billing";
import type { Db, Prisma, TopUpOrder, Tx } from "@relay/db";
import { inTransaction } from "@relay/db";
import type Stripe from "stripe";
import { creditFor } from "./conversion.ts";
import { paymentSettings } from "./settings.ts";
import { auditStripe, formatMinor } from "./stripe-audit.ts";
import { debitTopUpRefund } from "./top-up-money.ts";

type ChargeEvent = Extract<
  Stripe.Event,
  {
    type:
      | "charge.refunded"
      | "charge.dispute.created"
      | "charge.dispute.funds_withdrawn"
      | "charge.dispute.closed"
      | "charge.dispute.funds_reinstated";
  }
>;

export type ChargeEventType = ChargeEvent["type"];

const CHARGE_EVENT_TYPES: ReadonlySet<string> = new Set<ChargeEventType>([
  "charge.refunded",
  "charge.dispute.created",
  "charge.dispute.funds_withdrawn",
  "charge.dispute.closed",
  "charge.dispute.funds_reinstated",
]);

export function isChargeEvent(event: Stripe.Event): event is ChargeEvent {
  return CHARGE_EVENT_TYPES.has(event.type);
}

function paymentIntentOf(object: Stripe.Charge | Stripe.Dispute): string | undefined {
  const intent = object.payment_intent;
  return typeof intent === "string" ? intent : intent?.id;
}

/** Serialises everything about one payment: its credit and its refund and dispute events. */
export async function lockPayment(tx: Tx, paymentIntent: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`stripe:${paymentIntent}`}, 0))`;
}

/** Applies a refund or dispute event to its top-up, or keeps it until the top-up is credited. */
export async function handleChargeEvent(db: Db, event: ChargeEvent): Promise<string> {
  const object = event.data.object;
  const paymentIntent = paymentIntentOf(object);
  if (!paymentIntent) return "ignored: no payment intent";
  return inTransaction(db, async (tx) => {
    await lockPayment(tx, paymentIntent);
    const order = await tx.topUpOrder.findUnique({
      where: { stripePaymentIntentId: paymentIntent },
    });
    if (order) return applyChargeEvent(tx, order.id, event.type, object);
    await tx.deferredPaymentEvent.createMany({
      data: [
        {
          id: event.id,
          type: event.type,
          paymentIntentId: paymentIntent,
          object: object as unknown as Prisma.InputJsonObject,
          eventCreatedAt: new Date(event.created * 1000),
        },
      ],
      skipDuplicates: true,
    });
    console.warn(
      `stripe webhook: ${event.type} for ${paymentIntent} before its payment; kept until it is credited`,
    );
    return "deferred: payment not credited yet";
  });
}

/**
 * Applies the events kept for this payment, oldest first; called in the transaction that
 * credited it, after the credit. Returns what each one did.
 */
export async function applyDeferredEvents(
  tx: Tx,
  orderId: string,
  paymentIntent: string,
): Promise<string[]> {
  const deferred = await tx.deferredPaymentEvent.findMany({
    where: { paymentIntentId: paymentIntent, appliedAt: null },
    orderBy: [{ eventCreatedAt: "asc" }, { receivedAt: "asc" }],
  });
  const results: string[] = [];
  for (const event of deferred) {
    if (!CHARGE_EVENT_TYPES.has(event.type)) continue;
    results.push(
      await applyChargeEvent(
        tx,
        orderId,
        event.type as ChargeEventType,
        event.object as unknown as Stripe.Charge & Stripe.Dispute,
      ),
    );
    await tx.deferredPaymentEvent.update({
      where: { id: event.id },
      data: { appliedAt: new Date() },
    });
  }
  return results;
}

async function applyChargeEvent(
  tx: Tx,
  orderId: string,
  type: ChargeEventType,
  object: Stripe.Charge | Stripe.Dispute,
): Promise<string> {
  await tx.$queryRaw`SELECT id FROM topup_orders WHERE id = ${orderId}::uuid FOR UPDATE`;
  const order = await tx.topUpOrder.findUniqueOrThrow({ where: { id: orderId } });
  switch (type) {
    case "charge.refunded":
      return refund(tx, order, object as Stripe.Charge);
    case "charge.dispute.created":
      // An inquiry (warning_*) withdraws nothing; if it becomes a chargeback, funds_withdrawn follows.
      if ((object as Stripe.Dispute).status.startsWith("warning_")) {
        return "ignored: inquiry, no funds withdrawn";
      }
      return disputeDebit(tx, order, object as Stripe.Dispute);
    case "charge.dispute.funds_withdrawn":
      return disputeDebit(tx, order, object as Stripe.Dispute);
    case "charge.dispute.funds_reinstated":
      return disputeWon(tx, order, object as Stripe.Dispute);
    case "charge.dispute.closed":
      return disputeClosed(tx, order, object as Stripe.Dispute);
  }
}

/**
 * Micro-dollars worth `amountMinor` of this payment, at the rate it was credited at (credit =
 * amount × rate, exactly), not today's: a rate changed since must not change a debit.
 */
async function creditedValue(
  tx: Tx,
  order: TopUpOrder,
  amountMinor: number,
  currency: string,
): Promise<bigint> {
  const sameCurrency = currency.toLowerCase() === order.currency.toLowerCase();
  if (sameCurrency && order.amountMinor > 0n && order.creditAmount % order.amountMinor === 0n) {
    return BigInt(amountMinor) * (order.creditAmount / order.amountMinor);
  }
  const settings = await paymentSettings(tx);
  return creditFor(BigInt(amountMinor), currency, settings.rates);
}

async function refund(tx: Tx, order: TopUpOrder, charge: Stripe.Charge): Promise<string> {
  // amount_refunded is cumulative: debit only what this event adds beyond what is already debited.
  const refundedCredit = await creditedValue(tx, order, charge.amount_refunded, charge.currency);
  const { debited } = await debitTopUpRefund(tx, {
    orderId: order.id,
    provider: "stripe",
    idempotencyKey: `stripe:refund:${charge.id}:${charge.amount_refunded}`,
    refundedTotal: refundedCredit,
    reason: `Refund of ${formatMinor(charge.amount_refunded, charge.currency)} via Stripe`,
    fully: charge.refunded,
  });
  return debited ? "refunded" : "ignored: already refunded";
}

/** The chargeback's debit: one entry per dispute, whichever event brings it first. */
async function postDisputeDebit(tx: Tx, order: TopUpOrder, dispute: Stripe.Dispute) {
  const amount = await creditedValue(tx, order, dispute.amount, dispute.currency);
  const posted = await postLedgerEntry({
    ctx: { db: tx },
    input: {
      tenantId: order.tenantId,
      kind: "ADJUSTMENT",
      amount: -amount,
      idempotencyKey: `stripe:dispute:${dispute.id}`,
      reference: order.id,
      reason: `Chargeback of ${formatMinor(dispute.amount, dispute.currency)} disputed via Stripe`,
    },
  });
  if (!posted.duplicate) {
    await auditStripe(tx, "topup.disputed", order.tenantId, order.id, {
      dispute: dispute.id,
      debit: amount.toString(),
    });
  }
  return { amount, duplicate: posted.duplicate };
}

async function disputeDebit(tx: Tx, order: TopUpOrder, dispute: Stripe.Dispute): Promise<string> {
  const { duplicate } = await postDisputeDebit(tx, order, dispute);
  if (duplicate) return "ignored: dispute already debited";
  await tx.topUpOrder.update({ where: { id: order.id }, data: { state: "DISPUTED" } });
  return "disputed";
}

/** Won: the debit (posted now if its `created` has not arrived yet) is given back, once. */
async function disputeWon(tx: Tx, order: TopUpOrder, dispute: Stripe.Dispute): Promise<string> {
  const { amount } = await postDisputeDebit(tx, order, dispute);
  const { duplicate } = await postLedgerEntry({
    ctx: { db: tx },
    input: {
      tenantId: order.tenantId,
      kind: "ADJUSTMENT",
      amount,
      idempotencyKey: `stripe:dispute:${dispute.id}:won`,
      reference: order.id,
      reason: `Dispute of ${formatMinor(dispute.amount, dispute.currency)} won: restored`,
    },
  });
  if (duplicate) return "ignored: dispute already restored";
  await tx.topUpOrder.update({
    where: { id: order.id },
    data: {
      state:
        order.refundedAmount >= order.creditAmount && order.creditAmount > 0n ? "REFUNDED" : "PAID",
    },
  });
  await auditStripe(tx, "topup.dispute_won", order.tenantId, order.id, {
    dispute: dispute.id,
    credit: amount.toString(),
  });
  return "dispute won";
}

async function disputeClosed(tx: Tx, order: TopUpOrder, dispute: Stripe.Dispute): Promise<string> {
  if (dispute.status === "won") return disputeWon(tx, order, dispute);
  // An inquiry closed without a chargeback, or a dispute prevented: no money ever moved.
  if (dispute.status !== "lost") return `ignored: dispute closed as ${dispute.status}`;
  const { amount } = await postDisputeDebit(tx, order, dispute);
  if (order.state === "CHARGED_BACK") return "ignored: dispute already lost";
  await tx.topUpOrder.update({
    where: { id: order.id },
    data: { state: "CHARGED_BACK", closedAt: new Date() },
  });
  await auditStripe(tx, "topup.charged_back", order.tenantId, order.id, { dispute: dispute.id });
  // Lost for good: the referrer's reward goes back as it would for a refund of that amount.
  await reverseReferralReward({
    ctx: { db: tx },
    input: { topUpOrderId: order.id, chargedBack: amount },
  });
  return "dispute lost";
}
