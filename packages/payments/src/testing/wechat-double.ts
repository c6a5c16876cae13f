// A local stand-in for WeChat Pay API v3, for tests and the browser specs: Native orders, their
// query and close, refunds, with the merchant's request signatures checked and every answer
// signed by a platform key generated here. `keys` is what an operator would paste into the
// console. Its "scan and pay" page (the code_url) is the payer's phone: paying there delivers a
// real signed, encrypted TRANSACTION.SUCCESS notification to the order's notify_url. Tests also
// build notifications themselves: replays, forgeries, stale ones, refunds.
import { createVerify, generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { WechatPayKeys } from "../wechat/client.ts";
import { encryptResource, nonceString, parseAuthorization, rsaSign } from "../wechat/signature.ts";
import { escapeHtml, payPage, readBody } from "./double-pages.ts";

export interface DoubleWechatOrder {
  appid: string;
  mchid: string;
  description: string;
  out_trade_no: string;
  notify_url: string;
  time_expire?: string;
  amount: { total: number; currency: string };
  trade_state: "NOTPAY" | "SUCCESS" | "CLOSED" | "REFUND";
  transaction_id?: string;
  success_time?: string;
}

export interface DoubleWechatRefund {
  refund_id: string;
  out_refund_no: string;
  out_trade_no: string;
  transaction_id: string;
  notify_url?: string;
  status: "PROCESSING" | "SUCCESS";
  amount: { refund: number; total: number; currency: string };
}

/** A notification as WeChat Pay sends it: the Wechatpay-* headers and the JSON body. */
export interface WechatNotice {
  headers: Record<string, string>;
  body: string;
}

export interface WechatPayDouble {
  apiBase: string;
  keys: WechatPayKeys;
  orders: Map<string, DoubleWechatOrder>;
  refunds: Map<string, DoubleWechatRefund>;
  /** The payer scans and pays: the order is SUCCESS; its TRANSACTION.SUCCESS notification. */
  pay(outTradeNo: string): WechatNotice;
  /** The refund succeeds: its REFUND.SUCCESS notification. */
  completeRefund(outRefundNo: string): WechatNotice;
  /** A notification about any resource, signed now (or at `timestamp`) by the platform key. */
  notice(
    eventType: string,
    resource: object,
    options?: { timestamp?: number; serial?: string },
  ): WechatNotice;
  /** POSTs a notification to a URL (the order's notify_url by default); the status answered. */
  deliver(notice: WechatNotice, url: string): Promise<number>;
  close(): Promise<void>;
}

const pem = () =>
  generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });

export async function startWechatPayDouble(
  options: { mchId?: string; appId?: string } = {},
): Promise<WechatPayDouble> {
  const merchant = pem();
  const platform = pem();
  const mchId = options.mchId ?? "1900000109";
  const appId = options.appId ?? "wxd678efh567hg6787";
  const merchantSerialNo = randomBytes(20).toString("hex").toUpperCase();
  const platformSerial = `PUB_KEY_ID_0119${randomBytes(10).toString("hex").toUpperCase()}`;
  const apiV3Key = randomBytes(16).toString("hex");
  const orders = new Map<string, DoubleWechatOrder>();
  const refunds = new Map<string, DoubleWechatRefund>();
  let base = "";

  const signedHeaders = (body: string, timestamp?: number, serial?: string) => {
    const ts = String(timestamp ?? Math.floor(Date.now() / 1000));
    const nonce = nonceString();
    return {
      "wechatpay-timestamp": ts,
      "wechatpay-nonce": nonce,
      "wechatpay-serial": serial ?? platformSerial,
      "wechatpay-signature": rsaSign(`${ts}\n${nonce}\n${body}\n`, platform.privateKey),
    };
  };

  const notice: WechatPayDouble["notice"] = (eventType, resource, opts = {}) => {
    const refund = eventType.startsWith("REFUND.");
    const body = JSON.stringify({
      id: `EV-${randomBytes(8).toString("hex")}`,
      create_time: new Date().toISOString(),
      resource_type: "encrypt-resource",
      event_type: eventType,
      summary: refund ? "退款成功" : "支付成功",
      resource: encryptResource(
        JSON.stringify(resource),
        apiV3Key,
        refund ? "refund" : "transaction",
        refund ? "refund" : "transaction",
      ),
    });
    return { headers: signedHeaders(body, opts.timestamp, opts.serial), body };
  };

  const expired = (order: DoubleWechatOrder) =>
    order.time_expire !== undefined && Date.parse(order.time_expire) <= Date.now();

  const pay = (outTradeNo: string): WechatNotice => {
    const order = orders.get(outTradeNo);
    if (!order) throw new Error(`No order ${outTradeNo}`);
    if (order.trade_state === "NOTPAY") {
      order.trade_state = "SUCCESS";
      order.transaction_id = `4200${randomBytes(12).toString("hex").slice(0, 24)}`;
      order.success_time = new Date().toISOString();
    }
    return notice("TRANSACTION.SUCCESS", { ...transactionOf(order), trade_type: "NATIVE" });
  };

  const completeRefund = (outRefundNo: string): WechatNotice => {
    const refund = refunds.get(outRefundNo);
    if (!refund) throw new Error(`No refund ${outRefundNo}`);
    refund.status = "SUCCESS";
    return notice("REFUND.SUCCESS", {
      mchid: mchId,
      out_trade_no: refund.out_trade_no,
      transaction_id: refund.transaction_id,
      out_refund_no: refund.out_refund_no,
      refund_id: refund.refund_id,
      refund_status: "SUCCESS",
      success_time: new Date().toISOString(),
      amount: {
        total: refund.amount.total,
        refund: refund.amount.refund,
        payer_total: refund.amount.total,
        payer_refund: refund.amount.refund,
      },
    });
  };

  const deliver = async (sent: WechatNotice, url: string) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { ...sent.headers, "content-type": "application/json" },
      body: sent.body,
    });
    await response.arrayBuffer();
    return response.status;
  };

  const answer = (res: ServerResponse, status: number, value?: unknown) => {
    const body = value === undefined ? "" : JSON.stringify(value);
    res.writeHead(status, { "content-type": "application/json", ...signedHeaders(body) });
    res.end(body);
  };

  async function api(req: IncomingMessage, res: ServerResponse, url: URL, body: string) {
    // The merchant's signature over "METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n".
    const auth = parseAuthorization(req.headers.authorization);
    const message = `${req.method}\n${url.pathname}${url.search}\n${auth?.timestamp}\n${auth?.nonce_str}\n${body}\n`;
    const valid =
      auth?.mchid === mchId &&
      auth.serial_no === merchantSerialNo &&
      typeof auth.signature === "string" &&
      createVerify("RSA-SHA256")
        .update(message)
        .verify(merchant.publicKey, auth.signature, "base64");
    if (!valid) return answer(res, 401, { code: "SIGN_ERROR", message: "签名错误" });
    const input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    const path = url.pathname;
    if (req.method === "POST" && path === "/v3/pay/transactions/native") {
      const order = input as unknown as DoubleWechatOrder;
      // WeChat Pay's limit: 6 to 32 of digits, letters and _-|*.
      if (!/^[0-9A-Za-z_\-|*]{6,32}$/.test(order.out_trade_no ?? "")) {
        return answer(res, 400, { code: "PARAM_ERROR", message: "out_trade_no 格式错误" });
      }
      if (order.mchid !== mchId || order.appid !== appId) {
        return answer(res, 400, { code: "APPID_MCHID_NOT_MATCH", message: "appid和mch_id不匹配" });
      }
      const existing = orders.get(order.out_trade_no);
      if (existing && existing.trade_state !== "NOTPAY") {
        return answer(res, 400, { code: "ORDERPAID", message: "该订单已支付" });
      }
      orders.set(order.out_trade_no, { ...order, trade_state: "NOTPAY" });
      return answer(res, 200, { code_url: `${base}/scan/${order.out_trade_no}` });
    }
    const query = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(path);
    if (req.method === "GET" && query?.[1]) {
      const order = orders.get(decodeURIComponent(query[1]));
      if (!order) return answer(res, 404, { code: "ORDER_NOT_EXIST", message: "订单不存在" });
      return answer(res, 200, transactionOf(order));
    }
    const close = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/.exec(path);
    if (req.method === "POST" && close?.[1]) {
      const order = orders.get(decodeURIComponent(close[1]));
      if (!order) return answer(res, 404, { code: "ORDER_NOT_EXIST", message: "订单不存在" });
      if (order.trade_state !== "NOTPAY") {
        return answer(res, 400, { code: "ORDERPAID", message: "订单已支付" });
      }
      order.trade_state = "CLOSED";
      return answer(res, 204);
    }
    if (req.method === "POST" && path === "/v3/refund/domestic/refunds") {
      const order = orders.get(String(input.out_trade_no));
      const amount = input.amount as { refund: number; total: number; currency: string };
      const refunded = [...refunds.values()]
        .filter((refund) => refund.out_trade_no === order?.out_trade_no)
        .reduce((sum, refund) => sum + refund.amount.refund, 0);
      if (!order?.transaction_id) {
        return answer(res, 404, { code: "RESOURCE_NOT_EXISTS", message: "订单不存在" });
      }
      if (refunded + amount.refund > order.amount.total || amount.total !== order.amount.total) {
        return answer(res, 400, { code: "INVALID_REQUEST", message: "退款金额超过订单金额" });
      }
      const refund: DoubleWechatRefund = {
        refund_id: `5030${randomBytes(12).toString("hex").slice(0, 24)}`,
        out_refund_no: String(input.out_refund_no),
        out_trade_no: order.out_trade_no,
        transaction_id: order.transaction_id,
        notify_url: typeof input.notify_url === "string" ? input.notify_url : undefined,
        status: "PROCESSING",
        amount: { ...amount, currency: "CNY" },
      };
      refunds.set(refund.out_refund_no, refund);
      order.trade_state = "REFUND";
      return answer(res, 200, refund);
    }
    return answer(res, 404, { code: "NOT_FOUND", message: "未知接口" });
  }

  async function scan(req: IncomingMessage, res: ServerResponse, url: URL) {
    const match = /^\/scan\/([^/]+)(\/pay)?$/.exec(url.pathname);
    const order = match?.[1] ? orders.get(decodeURIComponent(match[1])) : undefined;
    if (!order) return payPage(res, 404, "微信支付", "<p>二维码无效</p>");
    const yuan = (order.amount.total / 100).toFixed(2);
    if (order.trade_state === "NOTPAY" && expired(order)) order.trade_state = "CLOSED";
    if (order.trade_state === "CLOSED") {
      return payPage(res, 410, "微信支付", "<p>订单已关闭</p>");
    }
    if (req.method === "POST" && match?.[2]) {
      const sent = pay(order.out_trade_no);
      const status = await deliver(sent, order.notify_url).catch(() => 0);
      return payPage(
        res,
        200,
        "微信支付",
        `<p role="status">支付成功 ¥${yuan}</p><p>通知 ${status}</p>`,
      );
    }
    return payPage(
      res,
      200,
      "微信支付",
      `<h1>¥${yuan}</h1><p>${escapeHtml(order.description)}</p>
<form method="post" action="/scan/${encodeURIComponent(order.out_trade_no)}/pay"><button type="submit">确认支付</button></form>`,
    );
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    readBody(req)
      .then((body) =>
        url.pathname.startsWith("/scan/") ? scan(req, res, url) : api(req, res, url, body),
      )
      .catch((error: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(String(error));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiBase: base,
    keys: {
      mchId,
      appId,
      merchantSerialNo,
      merchantPrivateKey: merchant.privateKey,
      apiV3Key,
      platform: { serial: platformSerial, publicKey: platform.publicKey },
      apiBase: base,
    },
    orders,
    refunds,
    pay,
    completeRefund,
    notice,
    deliver,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function transactionOf(order: DoubleWechatOrder) {
  return {
    appid: order.appid,
    mchid: order.mchid,
    out_trade_no: order.out_trade_no,
    trade_state: order.trade_state,
    trade_state_desc: order.trade_state === "SUCCESS" ? "支付成功" : order.trade_state,
    ...(order.transaction_id
      ? {
          transaction_id: order.transaction_id,
          success_time: order.success_time,
          bank_type: "OTHERS",
          payer: { openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" },
          amount: {
            total: order.amount.total,
            payer_total: order.amount.total,
            currency: "CNY",
            payer_currency: "CNY",
          },
        }
      : { amount: { total: order.amount.total, currency: "CNY" } }),
  };
}
