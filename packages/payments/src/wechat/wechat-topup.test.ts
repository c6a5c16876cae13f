// WeChat Pay Native top-ups below the console: orders created through the client against the
// double (which checks our request signatures), notifications it signs and encrypts with its
// platform and APIv3 keys sent through the real handler. Money arrives once, late payments are
// found by query, expired orders are closed at WeChat Pay, refunds debit (also into the negative).
import { postLedgerEntry } from "@relay/billing";
import { getDb } from "@relay/db";
import { afterAll, describe, expect, it } from "vitest";
import { createQrTopUp, QR_ORDER_TTL_MS } from "../qr/create.ts";
import { outTradeNo } from "../qr/provider.ts";
import { closeExpiredQrTopUps, refreshQrTopUp } from "../qr/refresh.ts";
import { refundQrTopUp } from "../qr/refund.ts";
import {
  balanceOf,
  FEN_RATE,
  newTenant,
  useCnySettings,
  useWechatPayDouble,
} from "../testing/qr-suite.ts";
import type { WechatNotice } from "../testing/wechat-double.ts";
import { handleWechatPayNotification } from "./notify.ts";
import { wechatPayProvider } from "./provider.ts";
import { wechatHeaders } from "./signature.ts";

const db = getDb();
const suite = useWechatPayDouble();
const notifyUrl = "http://127.0.0.1:9/api/wechatpay/notify";

useCnySettings(db);
afterAll(() => db.$disconnect());

const provider = () => wechatPayProvider(suite.double.keys);

function receive(notice: WechatNotice) {
  return handleWechatPayNotification({
    ctx: { db, keys: suite.double.keys },
    input: { headers: wechatHeaders((name) => notice.headers[name]), body: notice.body },
  });
}

async function order(tenantId: string, amountMinor = 1_234, now?: Date) {
  return createQrTopUp({
    ctx: { db, provider: provider(), notifyUrl, now },
    input: { tenantId, amountMinor },
  });
}

describe("WeChat Pay top-up", () => {
  it("creates a Native order in fen with our id, the notify URL and a 15-minute expiry", async () => {
    const tenantId = await newTenant(db);
    const before = Date.now();
    const { order: created, qrContent, expiresAt } = await order(tenantId);
    expect(created).toMatchObject({
      state: "PENDING",
      provider: "WECHAT_PAY",
      currency: "cny",
      amountMinor: 1_234n,
      creditAmount: 1_234n * FEN_RATE,
      qrContent,
    });
    expect(expiresAt.getTime() - before).toBeGreaterThanOrEqual(QR_ORDER_TTL_MS - 1_000);
    expect(suite.double.orders.get(outTradeNo(created.id))).toMatchObject({
      out_trade_no: outTradeNo(created.id),
      amount: { total: 1_234, currency: "CNY" },
      notify_url: notifyUrl,
      appid: suite.double.keys.appId,
      mchid: suite.double.keys.mchId,
      trade_state: "NOTPAY",
    });
    expect(qrContent).toBe(`${suite.double.apiBase}/scan/${outTradeNo(created.id)}`);
  });

  it("credits a paid order once: 12.34 CNY at 0.138 adds exactly $1.702920", async () => {
    const tenantId = await newTenant(db);
    const { order: created } = await order(tenantId);
    const notice = suite.double.pay(outTradeNo(created.id));
    expect(await receive(notice)).toMatchObject({
      eventType: "TRANSACTION.SUCCESS",
      result: "credited",
    });
    expect(await receive(notice)).toMatchObject({ result: "already-credited" });
    expect(await balanceOf(db, tenantId)).toBe(1_702_920n);
    const paid = await db.topUpOrder.findUniqueOrThrow({ where: { id: created.id } });
    const transactionId = suite.double.orders.get(outTradeNo(created.id))?.transaction_id;
    expect(paid).toMatchObject({ state: "PAID", providerTradeNo: transactionId });
    const entries = await db.ledgerEntry.findMany({ where: { tenantId } });
    expect(entries.map((e) => [e.kind, e.amount, e.idempotencyKey, e.reason])).toEqual([
      ["TOPUP", 1_702_920n, `wechatpay:${transactionId}`, "Top-up 12.34 CNY via WeChat Pay"],
    ]);
  });

  it("10 concurrent duplicate notifications (same and re-signed) credit once", async () => {
    const tenantId = await newTenant(db);
    const { order: created } = await order(tenantId, 5_000);
    const first = suite.double.pay(outTradeNo(created.id));
    const notices = Array.from({ length: 10 }, (_, i) =>
      i % 2 === 0 ? first : suite.double.pay(outTradeNo(created.id)),
    );
    const results = await Promise.all(notices.map(receive));
    expect(results.filter((r) => r.result === "credited")).toHaveLength(1);
    expect(results.filter((r) => r.result === "already-credited")).toHaveLength(9);
    expect(await balanceOf(db, tenantId)).toBe(5_000n * FEN_RATE);
  });

  it("finds a payment whose notification is late by querying, then takes the notification as a replay", async () => {
    const tenantId = await newTenant(db);
    const { order: created } = await order(tenantId);
    const notice = suite.double.pay(outTradeNo(created.id));
    const stored = await refreshQrTopUp({
      ctx: { db, provider: provider() },
      input: { tenantId, orderId: created.id, askProvider: false },
    });
    expect(stored.state).toBe("PENDING");
    const asked = await refreshQrTopUp({
      ctx: { db, provider: provider() },
      input: { tenantId, orderId: created.id, askProvider: true },
    });
    expect(asked.state).toBe("PAID");
    expect(await receive(notice)).toMatchObject({ result: "already-credited" });
    expect(await balanceOf(db, tenantId)).toBe(1_702_920n);
  });

  it("closes an unpaid order at WeChat Pay after its expiry; its QR can no longer be paid", async () => {
    const tenantId = await newTenant(db);
    const past = new Date(Date.now() - QR_ORDER_TTL_MS - 60_000);
    const { order: created, qrContent } = await order(tenantId, 1_234, past);
    const swept = await closeExpiredQrTopUps({ ctx: { db, providers: [provider()] } });
    expect(swept.expired).toBeGreaterThanOrEqual(1);
    expect(suite.double.orders.get(outTradeNo(created.id))?.trade_state).toBe("CLOSED");
    const closed = await db.topUpOrder.findUniqueOrThrow({ where: { id: created.id } });
    expect(closed.state).toBe("EXPIRED");
    const scan = await fetch(`${qrContent}/pay`, { method: "POST" });
    expect(scan.status).toBe(410);
    expect(await balanceOf(db, tenantId)).toBe(0n);
  });

  it("an order paid just before its expiry is credited by the sweep, not closed", async () => {
    const tenantId = await newTenant(db);
    const past = new Date(Date.now() - QR_ORDER_TTL_MS - 60_000);
    const { order: created } = await order(tenantId, 1_000, past);
    suite.double.pay(outTradeNo(created.id));
    await closeExpiredQrTopUps({ ctx: { db, providers: [provider()] } });
    const paid = await db.topUpOrder.findUniqueOrThrow({ where: { id: created.id } });
    expect(paid.state).toBe("PAID");
    expect(await balanceOf(db, tenantId)).toBe(1_000n * FEN_RATE);
  });
});

describe("WeChat Pay refunds", () => {
  async function paidOrder(tenantId: string) {
    const { order: created } = await order(tenantId);
    await receive(suite.double.pay(outTradeNo(created.id)));
    return created;
  }

  const refund = (orderId: string, amountMinor?: number) =>
    refundQrTopUp({
      ctx: { db, provider: provider(), notifyUrl, actor: { label: "operator" } },
      input: { orderId, amountMinor, reason: "test" },
    });

  it("before spending: PROCESSING moves nothing; REFUND.SUCCESS debits once, to zero", async () => {
    const tenantId = await newTenant(db);
    const created = await paidOrder(tenantId);
    const { status, refundNo } = await refund(created.id);
    expect(status).toBe("processing");
    expect(await balanceOf(db, tenantId)).toBe(1_702_920n);
    const notice = suite.double.completeRefund(refundNo);
    expect(await receive(notice)).toMatchObject({
      eventType: "REFUND.SUCCESS",
      result: "refunded",
    });
    expect(await receive(notice)).toMatchObject({ result: "ignored: already refunded" });
    expect(await balanceOf(db, tenantId)).toBe(0n);
    const refunded = await db.topUpOrder.findUniqueOrThrow({ where: { id: created.id } });
    expect(refunded).toMatchObject({ state: "REFUNDED", refundedAmount: 1_702_920n });
  });

  it("after spending: a partial and then the rest take the balance negative", async () => {
    const tenantId = await newTenant(db);
    const created = await paidOrder(tenantId);
    await postLedgerEntry({
      ctx: { db },
      input: { tenantId, kind: "USAGE", amount: -1_000_000n, idempotencyKey: `spend:${tenantId}` },
    });
    const part = await refund(created.id, 234);
    await receive(suite.double.completeRefund(part.refundNo));
    expect(await balanceOf(db, tenantId)).toBe(1_702_920n - 1_000_000n - 234n * FEN_RATE);
    const rest = await refund(created.id);
    await receive(suite.double.completeRefund(rest.refundNo));
    expect(await balanceOf(db, tenantId)).toBe(-1_000_000n);
    await expect(refund(created.id, 1)).rejects.toMatchObject({ code: "INVALID_STATE" });
  });

  it("a refund notified before its payment credits the payment (by query) and then debits", async () => {
    const tenantId = await newTenant(db);
    const { order: created } = await order(tenantId);
    suite.double.pay(outTradeNo(created.id));
    const answer = await provider().client.refund({
      outTradeNo: outTradeNo(created.id),
      outRefundNo: `RF-${created.id.slice(0, 8)}`,
      refundFen: 1_234,
      totalFen: 1_234,
      reason: "out of order",
      notifyUrl,
    });
    const result = await receive(suite.double.completeRefund(answer.out_refund_no));
    expect(result.result).toBe("refunded");
    expect(await balanceOf(db, tenantId)).toBe(0n);
    const kinds = await db.ledgerEntry.findMany({ where: { tenantId }, orderBy: { id: "asc" } });
    expect(kinds.map((e) => [e.kind, e.amount])).toEqual([
      ["TOPUP", 1_702_920n],
      ["REFUND", -1_702_920n],
    ]);
  });
});
