// WeChat Pay Native as a QR provider: code_url to scan, the order queried and closed by our id,
// refunds answered PROCESSING and debited when their REFUND.SUCCESS notification (or a later
// SUCCESS answer) arrives.
import {
  outTradeNo,
  type ProviderTrade,
  type QrProvider,
  type RefundAnswer,
} from "../qr/provider.ts";
import { WechatPayClient, type WechatPayKeys, type WechatTransaction } from "./client.ts";

/** WeChat Pay's trade_state in our words. REFUND means it was paid (and some refunded since). */
export function wechatTrade(transaction: WechatTransaction): ProviderTrade {
  const paid = transaction.trade_state === "SUCCESS" || transaction.trade_state === "REFUND";
  const closed = ["CLOSED", "REVOKED", "PAYERROR"].includes(transaction.trade_state);
  return {
    status: paid ? "paid" : closed ? "closed" : "pending",
    tradeNo: transaction.transaction_id,
    amountMinor: transaction.amount ? BigInt(transaction.amount.total) : undefined,
    currency: transaction.amount?.currency,
    appId: transaction.appid,
    merchantId: transaction.mchid,
  };
}

export function wechatPayProvider(keys: WechatPayKeys): QrProvider & { client: WechatPayClient } {
  const client = new WechatPayClient(keys);
  return {
    name: "wechat_pay",
    dbProvider: "WECHAT_PAY",
    appId: keys.appId,
    merchantId: keys.mchId,
    client,
    async precreate(input) {
      const { code_url } = await client.createNative({
        outTradeNo: outTradeNo(input.orderId),
        description: input.description,
        totalFen: Number(input.amountMinor),
        notifyUrl: input.notifyUrl,
        expiresAt: input.expiresAt,
      });
      return code_url;
    },
    async query(orderId) {
      const transaction = await client.queryByOutTradeNo(outTradeNo(orderId));
      return transaction ? wechatTrade(transaction) : { status: "missing" };
    },
    async close(orderId) {
      await client.close(outTradeNo(orderId));
    },
    async refund(input): Promise<RefundAnswer> {
      const refund = await client.refund({
        outTradeNo: outTradeNo(input.orderId),
        outRefundNo: input.refundNo,
        refundFen: Number(input.amountMinor),
        totalFen: Number(input.totalMinor),
        reason: input.reason,
        notifyUrl: input.notifyUrl,
      });
      return {
        status: refund.status === "SUCCESS" ? "succeeded" : "processing",
        refundId: refund.refund_id,
      };
    },
  };
}
