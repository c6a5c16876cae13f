// WeChat Pay API v3 over fetch: Native orders, their query and close, and refunds. Every request
// is signed with the merchant key and every answer's signature is checked against the platform
// key before it is believed.
import { createPrivateKey, type KeyObject } from "node:crypto";
import { PaymentsError } from "../errors.ts";
import {
  authorization,
  type PlatformKey,
  verifyWechatSignature,
  wechatHeaders,
} from "./signature.ts";

export const WECHAT_API_BASE = "https://api.mch.weixin.qq.com";

export interface WechatPayKeys {
  mchId: string;
  appId: string;
  /** The merchant API certificate's serial number. */
  merchantSerialNo: string;
  /** PEM of the merchant API certificate's private key (apiclient_key.pem). */
  merchantPrivateKey: string;
  /** The 32-character APIv3 key notifications are encrypted with. */
  apiV3Key: string;
  platform: PlatformKey;
  /** A local double in tests; WeChat Pay's own API otherwise. */
  apiBase?: string;
}

/** The transaction as WeChat Pay reports it (query answers and TRANSACTION.SUCCESS). */
export interface WechatTransaction {
  appid: string;
  mchid: string;
  out_trade_no: string;
  transaction_id?: string;
  trade_type?: string;
  /** SUCCESS, REFUND, NOTPAY, CLOSED, REVOKED, USERPAYING, PAYERROR. */
  trade_state: string;
  success_time?: string;
  amount?: { total: number; payer_total?: number; currency: string };
}

export interface WechatRefund {
  refund_id: string;
  out_refund_no: string;
  transaction_id?: string;
  out_trade_no: string;
  /** SUCCESS, CLOSED, PROCESSING, ABNORMAL (answers); refund_status in notifications. */
  status?: string;
  refund_status?: string;
  amount: { total: number; refund: number; currency?: string };
}

export class WechatPayApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "WechatPayApiError";
  }
}

export class WechatPayClient {
  private readonly privateKey: KeyObject;
  private readonly base: string;

  constructor(readonly keys: WechatPayKeys) {
    this.privateKey = createPrivateKey(keys.merchantPrivateKey);
    this.base = (keys.apiBase ?? WECHAT_API_BASE).replace(/\/$/, "");
  }

  private async request<T>(method: "GET" | "POST", url: string, body?: unknown): Promise<T> {
    const text = body === undefined ? "" : JSON.stringify(body);
    const response = await fetch(`${this.base}${url}`, {
      method,
      headers: {
        Authorization: authorization({
          method,
          url,
          body: text,
          mchId: this.keys.mchId,
          serialNo: this.keys.merchantSerialNo,
          privateKey: this.privateKey,
        }),
        Accept: "application/json",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        "User-Agent": "relay-payments",
      },
      ...(body === undefined ? {} : { body: text }),
    });
    const answer = await response.text();
    // Nothing WeChat Pay did not sign is believed, errors included (ORDER_NOT_EXIST decides things).
    verifyWechatSignature(
      wechatHeaders((name) => response.headers.get(name)),
      answer,
      this.keys.platform,
    );
    if (!response.ok) {
      const parsed = safeJson(answer);
      throw new WechatPayApiError(
        response.status,
        typeof parsed?.code === "string" ? parsed.code : "HTTP_ERROR",
        `WeChat Pay ${method} ${url.split("?")[0]}: ${response.status} ${typeof parsed?.message === "string" ? parsed.message : answer.slice(0, 200)}`,
      );
    }
    return (answer ? JSON.parse(answer) : {}) as T;
  }

  /** A Native order: the code_url the payer scans. */
  async createNative(input: {
    outTradeNo: string;
    description: string;
    totalFen: number;
    notifyUrl: string;
    expiresAt: Date;
  }): Promise<{ code_url: string }> {
    return this.request("POST", "/v3/pay/transactions/native", {
      appid: this.keys.appId,
      mchid: this.keys.mchId,
      description: input.description,
      out_trade_no: input.outTradeNo,
      time_expire: rfc3339Beijing(input.expiresAt),
      notify_url: input.notifyUrl,
      amount: { total: input.totalFen, currency: "CNY" },
    });
  }

  /** The order by our id; undefined when WeChat Pay has none (ORDER_NOT_EXIST). */
  async queryByOutTradeNo(outTradeNo: string): Promise<WechatTransaction | undefined> {
    try {
      return await this.request<WechatTransaction>(
        "GET",
        `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${encodeURIComponent(this.keys.mchId)}`,
      );
    } catch (error) {
      if (error instanceof WechatPayApiError && error.code === "ORDER_NOT_EXIST") return undefined;
      throw error;
    }
  }

  async close(outTradeNo: string): Promise<void> {
    await this.request(
      "POST",
      `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`,
      { mchid: this.keys.mchId },
    );
  }

  async refund(input: {
    outTradeNo: string;
    outRefundNo: string;
    refundFen: number;
    totalFen: number;
    reason: string;
    notifyUrl: string;
  }): Promise<WechatRefund> {
    return this.request("POST", "/v3/refund/domestic/refunds", {
      out_trade_no: input.outTradeNo,
      out_refund_no: input.outRefundNo,
      reason: input.reason,
      notify_url: input.notifyUrl,
      amount: { refund: input.refundFen, total: input.totalFen, currency: "CNY" },
    });
  }
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** 2026-11-30T20:15:00+08:00: time_expire is written in Beijing time, as WeChat Pay's examples. */
export function rfc3339Beijing(at: Date): string {
  const shifted = new Date(Math.floor(at.getTime() / 1000) * 1000 + 8 * 3600_000);
  return `${shifted.toISOString().slice(0, 19)}+08:00`;
}

export function assertWechatKeys(keys: WechatPayKeys): void {
  if (Buffer.byteLength(keys.apiV3Key, "utf8") !== 32) {
    throw new PaymentsError("INVALID_SETTINGS", "The APIv3 key must be 32 characters");
  }
}
