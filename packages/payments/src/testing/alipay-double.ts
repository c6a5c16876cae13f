// A local stand-in for Alipay's gateway (gateway.do), for tests and the browser specs: precreate,
// query, close and refund over Alipay's wire format, so the official alipay-sdk talks to it
// unchanged. Requests must carry the app's RSA2 signature; answers are signed with an "Alipay"
// key generated here, whose public half is in `keys` with the app's private key, as an operator
// would paste them. Its "scan and pay" page (the qr_code) is the payer's phone: paying there
// delivers a real signed notification to the trade's notify_url; page.pay's URL lands there too.
// Tests also build notifications themselves: replays, forgeries, wrong amounts, refunds.
import { createSign, createVerify, generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { AlipayKeys } from "../alipay/client.ts";
import { escapeHtml, payPage, readBody } from "./double-pages.ts";

export interface DoubleAlipayTrade {
  out_trade_no: string;
  total_amount: string;
  subject: string;
  notify_url?: string;
  return_url?: string;
  time_expire?: string;
  /** Absent until the payer scans (Alipay's precreate semantics). */
  trade_no?: string;
  trade_status?: "WAIT_BUYER_PAY" | "TRADE_SUCCESS" | "TRADE_CLOSED";
  refund_fee: number;
  closed: boolean;
}

export interface AlipayDouble {
  gateway: string;
  keys: AlipayKeys;
  trades: Map<string, DoubleAlipayTrade>;
  /** The payer scans and pays: TRADE_SUCCESS; its notification, form-encoded. */
  pay(outTradeNo: string): string;
  /** A notification with these fields, signed by the Alipay key (or by `signWith`). */
  notice(fields: Record<string, string>, options?: { signWith?: string }): string;
  deliver(body: string, url: string): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

const pem = () =>
  generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });

/** Alipay's signing content: every field but sign (and sign_type, for notifications), sorted. */
export function alipaySignContent(fields: Record<string, string>, withSignType: boolean): string {
  return Object.keys(fields)
    .filter((key) => key !== "sign" && (withSignType || key !== "sign_type") && fields[key] !== "")
    .sort()
    .map((key) => `${key}=${fields[key]}`)
    .join("&");
}

const rsa2 = (content: string, privateKey: string) =>
  createSign("RSA-SHA256").update(content, "utf8").sign(privateKey, "base64");

/** Beijing wall-clock "yyyy-MM-dd HH:mm:ss" to a Date. */
const beijing = (text: string) => new Date(`${text.replace(" ", "T")}+08:00`);

export async function startAlipayDouble(options: { appId?: string } = {}): Promise<AlipayDouble> {
  const app = pem();
  const alipay = pem();
  const appId = options.appId ?? "2021000000000001";
  const trades = new Map<string, DoubleAlipayTrade>();
  let base = "";

  const notice: AlipayDouble["notice"] = (fields, opts = {}) => {
    const signed: Record<string, string> = {
      notify_time: new Date().toISOString().slice(0, 19).replace("T", " "),
      notify_type: "trade_status_sync",
      notify_id: randomBytes(16).toString("hex"),
      charset: "utf-8",
      version: "1.0",
      sign_type: "RSA2",
      app_id: appId,
      ...fields,
    };
    signed.sign = rsa2(alipaySignContent(signed, false), opts.signWith ?? alipay.privateKey);
    return new URLSearchParams(signed).toString();
  };

  const tradeFields = (trade: DoubleAlipayTrade): Record<string, string> => ({
    out_trade_no: trade.out_trade_no,
    trade_no: trade.trade_no ?? "",
    trade_status: trade.trade_status ?? "WAIT_BUYER_PAY",
    total_amount: trade.total_amount,
    receipt_amount: trade.total_amount,
    buyer_pay_amount: trade.total_amount,
    subject: trade.subject,
    buyer_logon_id: "159****5620",
    ...(trade.refund_fee > 0 ? { refund_fee: (trade.refund_fee / 100).toFixed(2) } : {}),
  });

  const pay = (outTradeNo: string): string => {
    const trade = trades.get(outTradeNo);
    if (!trade) throw new Error(`No trade ${outTradeNo}`);
    if (trade.trade_status !== "TRADE_SUCCESS") {
      trade.trade_no ??= `2026${randomBytes(12).toString("hex").slice(0, 24)}`;
      trade.trade_status = "TRADE_SUCCESS";
    }
    return notice({ ...tradeFields(trade), gmt_payment: "2026-11-30 20:00:00" });
  };

  const deliver = async (body: string, url: string) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
      body,
    });
    return { status: response.status, text: await response.text() };
  };

  const answer = (res: ServerResponse, method: string, inner: Record<string, unknown>) => {
    const json = JSON.stringify(inner);
    const key = `${method.replaceAll(".", "_")}_response`;
    res.writeHead(200, { "content-type": "application/json;charset=utf-8" });
    res.end(`{"${key}":${json},"sign":"${rsa2(json, alipay.privateKey)}"}`);
  };
  const ok = (fields: Record<string, unknown>) => ({ code: "10000", msg: "Success", ...fields });
  const notExist = {
    code: "40004",
    msg: "Business Failed",
    sub_code: "ACQ.TRADE_NOT_EXIST",
    sub_msg: "交易不存在",
  };

  /** The app's request: signed over every parameter but sign, sign_type included. */
  function verified(fields: Record<string, string>): boolean {
    if (fields.app_id !== appId || !fields.sign) return false;
    return createVerify("RSA-SHA256")
      .update(alipaySignContent(fields, true), "utf8")
      .verify(app.publicKey, fields.sign, "base64");
  }

  function gatewayCall(res: ServerResponse, fields: Record<string, string>) {
    const method = fields.method ?? "";
    if (!verified(fields)) {
      return answer(res, method, {
        code: "40002",
        msg: "Invalid Arguments",
        sub_code: "isv.invalid-signature",
        sub_msg: "验签出错",
      });
    }
    const biz = JSON.parse(fields.biz_content ?? "{}") as Record<string, string>;
    const existing = trades.get(biz.out_trade_no ?? "");
    switch (method) {
      case "alipay.trade.precreate":
      case "alipay.trade.page.pay": {
        if (!existing) {
          trades.set(biz.out_trade_no ?? "", {
            out_trade_no: biz.out_trade_no ?? "",
            total_amount: biz.total_amount ?? "0.00",
            subject: biz.subject ?? "",
            notify_url: fields.notify_url,
            return_url: fields.return_url,
            time_expire: biz.time_expire,
            refund_fee: 0,
            closed: false,
          });
        }
        const qr = `${base}/scan/${encodeURIComponent(biz.out_trade_no ?? "")}`;
        if (method === "alipay.trade.page.pay") {
          res.writeHead(302, { location: qr });
          return res.end();
        }
        return answer(res, method, ok({ out_trade_no: biz.out_trade_no, qr_code: qr }));
      }
      case "alipay.trade.query":
        if (!existing?.trade_no) return answer(res, method, notExist);
        return answer(res, method, ok(tradeFields(existing)));
      case "alipay.trade.close":
        if (!existing) return answer(res, method, notExist);
        if (existing.trade_status === "TRADE_SUCCESS") {
          return answer(res, method, { ...notExist, sub_code: "ACQ.TRADE_STATUS_ERROR" });
        }
        existing.closed = true;
        if (existing.trade_no) existing.trade_status = "TRADE_CLOSED";
        return answer(res, method, ok({ out_trade_no: existing.out_trade_no }));
      case "alipay.trade.refund": {
        if (existing?.trade_status !== "TRADE_SUCCESS") return answer(res, method, notExist);
        const fen = Math.round(Number(biz.refund_amount) * 100);
        const total = Math.round(Number(existing.total_amount) * 100);
        if (existing.refund_fee + fen > total) {
          return answer(res, method, {
            code: "40004",
            msg: "Business Failed",
            sub_code: "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL",
            sub_msg: "退款金额超限",
          });
        }
        existing.refund_fee += fen;
        return answer(
          res,
          method,
          ok({
            trade_no: existing.trade_no,
            out_trade_no: existing.out_trade_no,
            fund_change: "Y",
            refund_fee: (existing.refund_fee / 100).toFixed(2),
          }),
        );
      }
      default:
        return answer(res, method, {
          code: "40004",
          msg: "Business Failed",
          sub_code: "isv.method",
        });
    }
  }

  async function scan(req: IncomingMessage, res: ServerResponse, url: URL) {
    const match = /^\/scan\/([^/]+)(\/pay)?$/.exec(url.pathname);
    const trade = match?.[1] ? trades.get(decodeURIComponent(match[1])) : undefined;
    if (!trade) return payPage(res, 404, "支付宝", "<p>二维码无效</p>");
    const late = trade.time_expire !== undefined && beijing(trade.time_expire) <= new Date();
    if (trade.closed || (late && trade.trade_status !== "TRADE_SUCCESS")) {
      return payPage(res, 410, "支付宝", "<p>交易已关闭</p>");
    }
    if (req.method === "POST" && match?.[2]) {
      const body = pay(trade.out_trade_no);
      const sent = trade.notify_url
        ? await deliver(body, trade.notify_url).catch(() => ({ status: 0, text: "" }))
        : undefined;
      if (trade.return_url) {
        res.writeHead(302, { location: trade.return_url });
        return res.end();
      }
      return payPage(
        res,
        200,
        "支付宝",
        `<p role="status">付款成功 ¥${trade.total_amount}</p><p>通知 ${sent?.text ?? ""}</p>`,
      );
    }
    trade.trade_no ??= `2026${randomBytes(12).toString("hex").slice(0, 24)}`;
    trade.trade_status ??= "WAIT_BUYER_PAY";
    return payPage(
      res,
      200,
      "支付宝",
      `<h1>¥${escapeHtml(trade.total_amount)}</h1><p>${escapeHtml(trade.subject)}</p>
<form method="post" action="/scan/${encodeURIComponent(trade.out_trade_no)}/pay"><button type="submit">确认付款</button></form>`,
    );
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    readBody(req)
      .then((body) => {
        if (url.pathname.startsWith("/scan/")) return scan(req, res, url);
        const fields = Object.fromEntries([...url.searchParams, ...new URLSearchParams(body)]);
        return gatewayCall(res, fields);
      })
      .catch((error: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(String(error));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    gateway: `${base}/gateway.do`,
    keys: {
      appId,
      appPrivateKey: app.privateKey,
      alipayPublicKey: alipay.publicKey,
      gateway: `${base}/gateway.do`,
    },
    trades,
    pay,
    notice,
    deliver,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
