// A QR provider's confirmed payment or refund, checked against our order and then moved through
// the shared credit and debit path. Whatever tells us (a notification, the poll, the expiry
// sweep), the provider's trade number is the idempotency key, so money moves once. A payment
// whose amount, currency or app is not our order's credits nothing and is refused loudly.
import { type Db, inTransaction, type TopUpOrder } from "@relay/db";
import { minorToDecimal } from "../currency.ts";
import { PaymentsError } from "../errors.ts";
import { creditPaidTopUp, debitTopUpRefund } from "../top-up-money.ts";
import {
  DB_PROVIDER,
  KEY_PREFIX,
  orderIdOf,
  PROVIDER_NAMES,
  type ProviderTrade,
  QR_CURRENCY,
  type QrProvider,
  type QrProviderName,
} from "./provider.ts";

/** Our order of this provider named by an out_trade_no; null for anything else. */
export async function findQrOrder(
  db: Db,
  name: QrProviderName,
  tradeNo: string,
): Promise<TopUpOrder | null> {
  const orderId = orderIdOf(tradeNo);
  if (!orderId) return null;
  return db.topUpOrder.findFirst({ where: { id: orderId, provider: DB_PROVIDER[name] } });
}

function cny(minor: bigint): string {
  return `${minorToDecimal(minor, QR_CURRENCY)} CNY`;
}

/** Refuses a paid trade that is not exactly our order: another app, merchant, amount or currency. */
function checkTrade(provider: QrProvider, order: TopUpOrder, trade: ProviderTrade): string {
  const mismatch = (what: string) =>
    new PaymentsError(
      "TRADE_MISMATCH",
      `${PROVIDER_NAMES[provider.name]} payment for order ${order.id}: ${what}; nothing credited`,
    );
  if (trade.appId !== provider.appId) throw mismatch(`app ${trade.appId} is not ${provider.appId}`);
  if (provider.merchantId && trade.merchantId !== provider.merchantId) {
    throw mismatch(`merchant ${trade.merchantId} is not ${provider.merchantId}`);
  }
  if (trade.currency?.toLowerCase() !== QR_CURRENCY) throw mismatch(`currency ${trade.currency}`);
  if (trade.amountMinor !== order.amountMinor) {
    throw mismatch(`paid ${trade.amountMinor} fen, the order is ${order.amountMinor}`);
  }
  if (!trade.tradeNo) throw mismatch("no trade number");
  return trade.tradeNo;
}

/** Credits our order for a paid trade once: "credited", "already-credited" or "ignored: ...". */
export async function settlePaidTrade(
  db: Db,
  provider: QrProvider,
  order: TopUpOrder,
  trade: ProviderTrade,
): Promise<string> {
  if (trade.status !== "paid") return `ignored: ${trade.status}`;
  const tradeNo = checkTrade(provider, order, trade);
  return inTransaction(db, async (tx) => {
    const outcome = await creditPaidTopUp(tx, {
      orderId: order.id,
      provider: provider.name,
      idempotencyKey: `${KEY_PREFIX[provider.name]}:${tradeNo}`,
      currency: QR_CURRENCY,
      amountMinor: order.amountMinor,
      // The operator's rate when the order was made, as shown to the payer before paying.
      credit: order.creditAmount,
      reason: `Top-up ${cny(order.amountMinor)} via ${PROVIDER_NAMES[provider.name]}`,
      paymentMethod: provider.name,
      providerTradeNo: tradeNo,
    });
    return outcome.credited ? "credited" : "already-credited";
  });
}

/**
 * A refund's notification can outrun the payment's (or the payment's was lost): the order is
 * credited from the provider's query first, so the debit never lands on an uncredited order.
 */
export async function ensureCredited(
  db: Db,
  provider: QrProvider,
  order: TopUpOrder,
): Promise<TopUpOrder> {
  if (order.paidAt) return order;
  await settlePaidTrade(db, provider, order, await provider.query(order.id));
  return db.topUpOrder.findUniqueOrThrow({ where: { id: order.id } });
}

/**
 * Debits a refund of this order at the order's own rate, once per key: `refundMinor` fen, or
 * (Alipay) `refundedTotalMinor`, the payment's refunded total, of which only the new part is debited.
 */
export async function debitTradeRefund(
  db: Db,
  provider: QrProvider,
  order: TopUpOrder,
  refund: { idempotencyKey: string } & ({ refundMinor: bigint } | { refundedTotalMinor: bigint }),
): Promise<string> {
  if (!order.paidAt) return "ignored: the payment is not credited";
  // credit = amount × rate exactly, so the rate is recovered without rounding.
  const rate = order.amountMinor > 0n ? order.creditAmount / order.amountMinor : 0n;
  const fen = "refundMinor" in refund ? refund.refundMinor : refund.refundedTotalMinor;
  if (fen <= 0n) return "ignored: nothing refunded";
  const { debited } = await inTransaction(db, (tx) =>
    debitTopUpRefund(tx, {
      orderId: order.id,
      provider: provider.name,
      idempotencyKey: refund.idempotencyKey,
      reason: `Refund of ${cny(fen)} via ${PROVIDER_NAMES[provider.name]}`,
      ...("refundMinor" in refund ? { debit: fen * rate } : { refundedTotal: fen * rate }),
    }),
  );
  return debited ? "refunded" : "ignored: already refunded";
}
