// What a QR payment provider (WeChat Pay Native, Alipay face-to-face) does for a top-up, in the
// provider's words mapped to ours. Orders are in CNY fen, our order id is the provider's
// out_trade_no, and each adapter checks the provider's signatures before answering.
import type { PaymentProvider } from "@relay/db";
import type { ProviderLabel } from "../top-up-money.ts";

export type QrProviderName = Exclude<ProviderLabel, "stripe">;

export const QR_CURRENCY = "cny";

/** An order as the provider sees it. */
export interface ProviderTrade {
  /** paid: the money is taken; pending: not yet; closed: never will be; missing: no such order. */
  status: "paid" | "pending" | "closed" | "missing";
  /** WeChat Pay's transaction_id or Alipay's trade_no. */
  tradeNo?: string;
  amountMinor?: bigint;
  currency?: string;
  /** The app (and merchant) the payment went to: must be ours. */
  appId?: string;
  merchantId?: string;
  /** Money refunded so far, in fen, when the provider says (Alipay's refund_fee). */
  refundedMinor?: bigint;
}

export interface RefundAnswer {
  /** succeeded: debit now; processing: the refund notification debits. */
  status: "succeeded" | "processing";
  refundId: string;
  /** The payment's refunded total after this refund (Alipay's cumulative refund_fee), in fen. */
  refundedTotalMinor?: bigint;
}

export interface QrProvider {
  readonly name: QrProviderName;
  readonly dbProvider: PaymentProvider;
  readonly appId: string;
  readonly merchantId?: string;
  /** The QR code's content. */
  precreate(input: {
    orderId: string;
    amountMinor: bigint;
    description: string;
    expiresAt: Date;
    notifyUrl: string;
  }): Promise<string>;
  query(orderId: string): Promise<ProviderTrade>;
  close(orderId: string): Promise<void>;
  refund(input: {
    orderId: string;
    refundNo: string;
    amountMinor: bigint;
    totalMinor: bigint;
    reason: string;
    notifyUrl: string;
  }): Promise<RefundAnswer>;
}

export const PROVIDER_NAMES: Record<QrProviderName, string> = {
  wechat_pay: "WeChat Pay",
  alipay: "Alipay",
};

/** Idempotency-key prefixes: `wechatpay:<transaction_id>`, `alipay:<trade_no>`. */
export const KEY_PREFIX: Record<QrProviderName, string> = {
  wechat_pay: "wechatpay",
  alipay: "alipay",
};

export const DB_PROVIDER: Record<QrProviderName, PaymentProvider> = {
  wechat_pay: "WECHAT_PAY",
  alipay: "ALIPAY",
};

/**
 * Our order id as out_trade_no: its 32 hex digits without dashes, because WeChat Pay allows at
 * most 32 characters (Alipay 64; both get the same form).
 */
export function outTradeNo(orderId: string): string {
  return orderId.replaceAll("-", "").toLowerCase();
}

/** The order id an out_trade_no stands for; undefined when it cannot be one of ours. */
export function orderIdOf(tradeNo: string): string | undefined {
  const hex = /^[0-9a-f]{32}$/i.test(tradeNo) ? tradeNo.toLowerCase() : undefined;
  if (!hex) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
