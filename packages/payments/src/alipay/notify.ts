// Alipay's asynchronous notifications (form-encoded), verified with the Alipay public key (RSA2)
// through the SDK, then checked against our order: the app_id must be ours, the out_trade_no one
// of our Alipay orders, the total_amount exactly its amount. Paid trades credit once by trade_no;
// a notification carrying refund_fee (Alipay's running refund total) debits what it adds. Alipay
// retries until it reads "success", so anything refused throws and the route answers "fail".
import type { Db } from "@relay/db";
import { PaymentsError } from "../errors.ts";
import type { ProviderTrade } from "../qr/provider.ts";
import { debitTradeRefund, findQrOrder, settlePaidTrade } from "../qr/settle.ts";
import { type AlipayKeys, createAlipay, fenOf } from "./client.ts";
import { alipayProvider } from "./provider.ts";

export interface AlipayNotificationOutcome {
  notifyId: string;
  tradeStatus: string;
  result: string;
}

export async function handleAlipayNotification({
  ctx,
  input,
}: {
  ctx: { db: Db; keys: AlipayKeys };
  input: { rawBody: string };
}): Promise<AlipayNotificationOutcome> {
  const params = Object.fromEntries(new URLSearchParams(input.rawBody));
  if (!params.sign || !createAlipay(ctx.keys).checkNotifySignV2(params)) {
    throw new PaymentsError("SIGNATURE_INVALID", "Alipay notification signature does not verify");
  }
  const outcome = (result: string): AlipayNotificationOutcome => ({
    notifyId: params.notify_id ?? "",
    tradeStatus: params.trade_status ?? "",
    result,
  });
  if (params.app_id !== ctx.keys.appId) {
    throw new PaymentsError(
      "TRADE_MISMATCH",
      `Alipay notification for app ${params.app_id}, not ${ctx.keys.appId}; nothing credited`,
    );
  }
  const order = await findQrOrder(ctx.db, "alipay", params.out_trade_no ?? "");
  if (!order) return outcome("ignored: unknown order");
  const provider = alipayProvider(ctx.keys);
  const refundedTotal = fenOf(params.refund_fee);
  // A refund's notification is about a trade that was paid, whatever its status says now.
  const paid = params.trade_status === "TRADE_SUCCESS" || params.trade_status === "TRADE_FINISHED";
  const trade: ProviderTrade = {
    status: paid || (refundedTotal ?? 0n) > 0n ? "paid" : "closed",
    tradeNo: params.trade_no,
    amountMinor: fenOf(params.total_amount),
    currency: "cny",
    appId: params.app_id,
  };
  if (trade.status === "closed") {
    if (params.trade_status !== "TRADE_CLOSED") return outcome(`ignored: ${params.trade_status}`);
    const closed = await ctx.db.topUpOrder.updateMany({
      where: { id: order.id, state: "PENDING" },
      data: { state: "EXPIRED", closedAt: new Date() },
    });
    return outcome(closed.count === 1 ? "expired" : "ignored: not pending");
  }
  const credit = await settlePaidTrade(ctx.db, provider, order, trade);
  if (!refundedTotal) return outcome(credit);
  const current = await ctx.db.topUpOrder.findUniqueOrThrow({ where: { id: order.id } });
  const refund = await debitTradeRefund(ctx.db, provider, current, {
    idempotencyKey: `alipay:refund:${params.trade_no}:${refundedTotal}`,
    refundedTotalMinor: refundedTotal,
  });
  return outcome(credit === "credited" ? `credited; then ${refund}` : refund);
}
