// The two money movements of a top-up, the same for every provider (Stripe, WeChat Pay, Alipay):
// creditPaidTopUp when a payment is confirmed, debitTopUpRefund when money goes back. Each takes
// the order row's lock first and posts one ledger entry whose idempotency key names the
// provider's own transaction, so replays and concurrent notifications move money once. Callers
// run them inside their transaction; anything that must happen exactly once per paid top-up
// (an audit row, a reward) belongs after `credited: true` here, in the same transaction.
import { payReferralReward, postLedgerEntry, reverseReferralReward } from "@relay/billing";
import type { LedgerEntry, TopUpOrder, Tx } from "@relay/db";

export type ProviderLabel = "stripe" | "wechat_pay" | "alipay";

export interface PaidTopUp {
  orderId: string;
  provider: ProviderLabel;
  /** The provider's transaction, e.g. `wechatpay:<transaction_id>`: one credit per key. */
  idempotencyKey: string;
  /** What was paid, as the provider reports it. */
  currency: string;
  amountMinor: bigint;
  /** Micro-dollars to credit. */
  credit: bigint;
  /** The ledger reason developers read, e.g. "Top-up 12.34 CNY via WeChat Pay". */
  reason: string;
  paymentMethod: string | null;
  providerTradeNo?: string;
  stripePaymentIntentId?: string;
}

export type CreditOutcome =
  | { credited: true; order: TopUpOrder; entry: LedgerEntry }
  | { credited: false; order: TopUpOrder };

async function lockOrder(tx: Tx, orderId: string): Promise<TopUpOrder> {
  await tx.$queryRaw`SELECT id FROM topup_orders WHERE id = ${orderId}::uuid FOR UPDATE`;
  return tx.topUpOrder.findUniqueOrThrow({ where: { id: orderId } });
}

/** Credits a confirmed payment once; a second call with the same key changes nothing. */
export async function creditPaidTopUp(tx: Tx, paid: PaidTopUp): Promise<CreditOutcome> {
  const order = await lockOrder(tx, paid.orderId);
  const { entry, duplicate } = await postLedgerEntry({
    ctx: { db: tx },
    input: {
      tenantId: order.tenantId,
      kind: "TOPUP",
      amount: paid.credit,
      idempotencyKey: paid.idempotencyKey,
      reference: order.id,
      reason: paid.reason,
      actorId: order.userId ?? undefined,
    },
  });
  if (duplicate) return { credited: false, order };
  const updated = await tx.topUpOrder.update({
    where: { id: order.id },
    data: {
      state: "PAID",
      paidAt: new Date(),
      closedAt: null,
      currency: paid.currency,
      amountMinor: paid.amountMinor,
      creditAmount: paid.credit,
      paymentMethod: paid.paymentMethod,
      ...(paid.providerTradeNo ? { providerTradeNo: paid.providerTradeNo } : {}),
      ...(paid.stripePaymentIntentId ? { stripePaymentIntentId: paid.stripePaymentIntentId } : {}),
    },
  });
  await auditTopUp(tx, paid.provider, "topup.paid", updated, {
    credit: paid.credit.toString(),
    ledgerEntry: entry.id.toString(),
  });
  // Before any refund kept for this payment is applied, so that refund reverses the reward too.
  await payReferralReward({ ctx: { db: tx }, input: { topUpOrderId: updated.id } });
  return { credited: true, order: updated, entry };
}

export type TopUpRefund = {
  orderId: string;
  provider: ProviderLabel;
  /** The provider's refund, e.g. `wechatpay:refund:<refund_id>`: one debit per key. */
  idempotencyKey: string;
  reason: string;
  /** Whether the payment is now refunded in full; by default, when the debits reach the credit. */
  fully?: boolean;
} & (
  | /** Micro-dollars to debit (positive). The balance may go negative. */
  { debit: bigint }
  /**
   * Micro-dollars refunded in all, for providers that report a running total (Stripe's
   * amount_refunded, Alipay's refund_fee): the debit is what it adds, read under the order's lock.
   */
  | { refundedTotal: bigint }
);

export type DebitOutcome = { debited: boolean; order: TopUpOrder };

/** Debits a refund once; a second call with the same key changes nothing. */
export async function debitTopUpRefund(tx: Tx, refund: TopUpRefund): Promise<DebitOutcome> {
  const order = await lockOrder(tx, refund.orderId);
  const debit = "debit" in refund ? refund.debit : refund.refundedTotal - order.refundedAmount;
  if (debit <= 0n) return { debited: false, order };
  const { duplicate } = await postLedgerEntry({
    ctx: { db: tx },
    input: {
      tenantId: order.tenantId,
      kind: "REFUND",
      amount: -debit,
      idempotencyKey: refund.idempotencyKey,
      reference: order.id,
      reason: refund.reason,
    },
  });
  if (duplicate) return { debited: false, order };
  const refundedAmount = order.refundedAmount + debit;
  const fully =
    order.state === "PAID" &&
    (refund.fully ?? (order.creditAmount > 0n && refundedAmount >= order.creditAmount));
  const updated = await tx.topUpOrder.update({
    where: { id: order.id },
    data: {
      refundedAmount,
      state: fully ? "REFUNDED" : order.state,
      closedAt: fully ? new Date() : order.closedAt,
    },
  });
  await auditTopUp(tx, refund.provider, "topup.refunded", updated, {
    debit: debit.toString(),
  });
  // The referrer's reward follows the refunded share of the top-up.
  await reverseReferralReward({ ctx: { db: tx }, input: { topUpOrderId: updated.id } });
  return { debited: true, order: updated };
}

/** The audit row beside a money movement, with the provider as the actor. */
export async function auditTopUp(
  tx: Tx,
  provider: ProviderLabel,
  action: string,
  order: Pick<TopUpOrder, "id" | "tenantId">,
  data: Record<string, string>,
): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorLabel: provider,
      action,
      targetType: "topup_order",
      targetId: order.id,
      tenantId: order.tenantId,
      data,
    },
  });
}
