// Alipay as a QR provider: alipay.trade.precreate (face-to-face QR), query, close and refund;
// and alipay.trade.page.pay, the desktop page, as a redirect alternative for the same order.
// A precreated trade exists at Alipay only once scanned: until then query and close answer
// ACQ.TRADE_NOT_EXIST, which means "not paid".
import { PaymentsError } from "../errors.ts";
import { outTradeNo, type ProviderTrade, type QrProvider } from "../qr/provider.ts";
import {
  type AlipayAnswer,
  type AlipayKeys,
  alipayCall,
  beijingTime,
  createAlipay,
  fenOf,
  yuanOf,
} from "./client.ts";

const NOT_EXIST = "ACQ.TRADE_NOT_EXIST";

function failed(method: string, answer: AlipayAnswer): PaymentsError {
  return new PaymentsError(
    "PROVIDER_ERROR",
    `Alipay ${method}: ${answer.code} ${answer.sub_code ?? ""} ${answer.sub_msg ?? answer.msg ?? ""}`.trim(),
  );
}

/** trade_status in our words: WAIT_BUYER_PAY pending, TRADE_SUCCESS/FINISHED paid, else closed. */
export function alipayStatus(tradeStatus: unknown): ProviderTrade["status"] {
  if (tradeStatus === "TRADE_SUCCESS" || tradeStatus === "TRADE_FINISHED") return "paid";
  if (tradeStatus === "WAIT_BUYER_PAY") return "pending";
  return "closed";
}

export function alipayProvider(keys: AlipayKeys): QrProvider & {
  pagePayUrl(input: {
    orderId: string;
    amountMinor: bigint;
    expiresAt: Date;
    notifyUrl: string;
    returnUrl: string;
  }): string;
} {
  const sdk = createAlipay(keys);
  return {
    name: "alipay",
    dbProvider: "ALIPAY",
    appId: keys.appId,
    async precreate(input) {
      const answer = await alipayCall(sdk, "alipay.trade.precreate", {
        notify_url: input.notifyUrl,
        bizContent: {
          out_trade_no: outTradeNo(input.orderId),
          total_amount: yuanOf(input.amountMinor),
          subject: input.description,
          time_expire: beijingTime(input.expiresAt),
        },
      });
      if (answer.code !== "10000" || typeof answer.qr_code !== "string") {
        throw failed("alipay.trade.precreate", answer);
      }
      return answer.qr_code;
    },
    pagePayUrl(input) {
      return sdk.pageExecute("alipay.trade.page.pay", "GET", {
        notifyUrl: input.notifyUrl,
        returnUrl: input.returnUrl,
        bizContent: {
          out_trade_no: outTradeNo(input.orderId),
          product_code: "FAST_INSTANT_TRADE_PAY",
          total_amount: yuanOf(input.amountMinor),
          subject: "Relay 余额充值",
          time_expire: beijingTime(input.expiresAt),
        },
      });
    },
    async query(orderId) {
      const answer = await alipayCall(sdk, "alipay.trade.query", {
        bizContent: { out_trade_no: outTradeNo(orderId) },
      });
      if (answer.sub_code === NOT_EXIST) return { status: "missing" };
      if (answer.code !== "10000") throw failed("alipay.trade.query", answer);
      return {
        status: alipayStatus(answer.trade_status),
        tradeNo: typeof answer.trade_no === "string" ? answer.trade_no : undefined,
        amountMinor: fenOf(answer.total_amount),
        currency: "cny",
        // The answer is signed by Alipay for the app that asked.
        appId: keys.appId,
      };
    },
    async close(orderId) {
      const answer = await alipayCall(sdk, "alipay.trade.close", {
        bizContent: { out_trade_no: outTradeNo(orderId) },
      });
      if (answer.code !== "10000" && answer.sub_code !== NOT_EXIST) {
        throw failed("alipay.trade.close", answer);
      }
    },
    async refund(input) {
      const answer = await alipayCall(sdk, "alipay.trade.refund", {
        bizContent: {
          out_trade_no: outTradeNo(input.orderId),
          refund_amount: yuanOf(input.amountMinor),
          out_request_no: input.refundNo,
          refund_reason: input.reason,
        },
      });
      const refundedTotalMinor = fenOf(answer.refund_fee);
      if (answer.code !== "10000" || refundedTotalMinor === undefined) {
        throw failed("alipay.trade.refund", answer);
      }
      return { status: "succeeded", refundId: input.refundNo, refundedTotalMinor };
    },
  };
}
