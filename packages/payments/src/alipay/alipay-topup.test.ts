// Alipay top-ups below the console: the official alipay-sdk against the gateway double (which
// checks the app's RSA2 signatures and signs its answers), notifications it signs sent through
// the real handler. Money arrives once, late payments are found by query, unscanned orders are
// closed after their expiry, refunds debit at once and their notifications do not debit again.
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
  useAlipayDouble,
  useCnySettings,
} from "../testing/qr-suite.ts";
import { handleAlipayNotification } from "./notify.ts";
import { alipayProvider } from "./provider.ts";

const db = getDb();
const suite = useAlipayDouble();
const notifyUrl = "http://127.0.0.1:9/api/alipay/notify";

useCnySettings(db);
afterAll(() => db.$disconnect());

const provider = () => alipayProvider(suite.double.keys);
const receive = (rawBody: string) =>
  handleAlipayNotification({ ctx: { db, keys: suite.double.keys }, input: { rawBody } });

async function order(tenantId: string, amountMinor = 1_234, now?: Date) {
  return createQrTopUp({
    ctx: { db, provider: provider(), notifyUrl, now },
    input: { tenantId, amountMinor },
  });
}

describe("Alipay top-up", () => {
  it("precreates a QR trade in yuan with our id and the notify URL", async () => {
    const tenantId = await newTenant(db);
    const { order: created, qrContent } = await order(tenantId);
    expect(created).toMatchObject({ provider: "ALIPAY", amountMinor: 1_234n, state: "PENDING" });
    expect(suite.double.trades.get(outTradeNo(created.id))).toMatchObject({
      total_amount: "12.34",
      notify_url: notifyUrl,
    });
    expect(qrContent).toBe(
      `${suite.double.gateway.replace("/gateway.do", "")}/scan/${outTradeNo(created.id)}`,
    );
  });

  it("credits a paid trade once, however often and concurrently it is notified", async () => {
    const tenantId = await newTenant(db);
    const { order: created } = await order(tenantId);
    const notice = suite.double.pay(outTradeNo(created.id));
    const results = await Promise.all(Array.from({ length: 10 }, () => receive(notice)));
    expect(results.filter((r) => r.result === "credited")).toHaveLength(1);
    expect(results.filter((r) => r.result === "already-credited")).toHaveLength(9);
    expect(await balanceOf(db, tenantId)).toBe(1_234n * FEN_RATE);
    const tradeNo = suite.double.trades.get(outTradeNo(created.id))?.trade_no;
    const entries = await db.ledgerEntry.findMany({ where: { tenantId } });
    expect(entries.map((e) => [e.kind, e.amount, e.idempotencyKey, e.reason])).toEqual([
      ["TOPUP", 1_702_920n, `alipay:${tradeNo}`, "Top-up 12.34 CNY via Alipay"],
    ]);
  });

  it("finds a payment whose notification is late by alipay.trade.query", async () => {
    const tenantId = await newTenant(db);
    const { order: created } = await order(tenantId);
    const late = suite.double.pay(outTradeNo(created.id));
    const refreshed = await refreshQrTopUp({
      ctx: { db, provider: provider() },
      input: { tenantId, orderId: created.id, askProvider: true },
    });
    expect(refreshed.state).toBe("PAID");
    expect(await receive(late)).toMatchObject({ result: "already-credited" });
    expect(await balanceOf(db, tenantId)).toBe(1_702_920n);
  });

  it("an unscanned order still pending is not expired before its time", async () => {
    const tenantId = await newTenant(db);
    const { order: created } = await order(tenantId);
    const refreshed = await refreshQrTopUp({
      ctx: { db, provider: provider() },
      input: { tenantId, orderId: created.id, askProvider: true },
    });
    expect(refreshed.state).toBe("PENDING");
  });

  it("closes an expired order with alipay.trade.close; its QR no longer pays", async () => {
    const tenantId = await newTenant(db);
    const past = new Date(Date.now() - QR_ORDER_TTL_MS - 60_000);
    const { order: created, qrContent } = await order(tenantId, 1_234, past);
    await closeExpiredQrTopUps({ ctx: { db, providers: [provider()] } });
    expect(suite.double.trades.get(outTradeNo(created.id))?.closed).toBe(true);
    expect((await db.topUpOrder.findUniqueOrThrow({ where: { id: created.id } })).state).toBe(
      "EXPIRED",
    );
    expect((await fetch(`${qrContent}/pay`, { method: "POST" })).status).toBe(410);
    expect(await balanceOf(db, tenantId)).toBe(0n);
  });

  it("alipay.trade.page.pay: a signed URL the gateway accepts and sends to its pay page", async () => {
    const tenantId = await newTenant(db);
    const { order: created, expiresAt } = await order(tenantId);
    const url = provider().pagePayUrl({
      orderId: created.id,
      amountMinor: created.amountMinor,
      expiresAt,
      notifyUrl,
      returnUrl: "http://127.0.0.1:9/billing",
    });
    expect(url.startsWith(suite.double.gateway)).toBe(true);
    const response = await fetch(url, { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toContain(`/scan/${outTradeNo(created.id)}`);
    const forged = url.replace(/sign=[^&]+/, "sign=AAAA");
    expect((await (await fetch(forged, { redirect: "manual" })).text()).includes("40002")).toBe(
      true,
    );
  });
});

describe("Alipay refunds", () => {
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

  it("before spending: debited at Alipay's answer; its notification does not debit again", async () => {
    const tenantId = await newTenant(db);
    const created = await paidOrder(tenantId);
    expect(await refund(created.id)).toMatchObject({ status: "refunded" });
    expect(await balanceOf(db, tenantId)).toBe(0n);
    const trade = suite.double.trades.get(outTradeNo(created.id));
    const notice = suite.double.notice({
      out_trade_no: outTradeNo(created.id),
      trade_no: trade?.trade_no ?? "",
      trade_status: "TRADE_CLOSED",
      total_amount: "12.34",
      refund_fee: "12.34",
      gmt_refund: "2026-11-30 20:10:00",
    });
    expect(await receive(notice)).toMatchObject({ result: "ignored: already refunded" });
    expect(await balanceOf(db, tenantId)).toBe(0n);
    expect(await db.topUpOrder.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({
      state: "REFUNDED",
      refundedAmount: 1_702_920n,
    });
  });

  it("after spending: partial refunds take the balance negative, each debited once", async () => {
    const tenantId = await newTenant(db);
    const created = await paidOrder(tenantId);
    await postLedgerEntry({
      ctx: { db },
      input: { tenantId, kind: "USAGE", amount: -1_500_000n, idempotencyKey: `spend:${tenantId}` },
    });
    await refund(created.id, 1_000);
    // Alipay's notification of that refund (refund_fee 10.00 in all) changes nothing more.
    const trade = suite.double.trades.get(outTradeNo(created.id));
    const partial = suite.double.notice({
      out_trade_no: outTradeNo(created.id),
      trade_no: trade?.trade_no ?? "",
      trade_status: "TRADE_SUCCESS",
      total_amount: "12.34",
      refund_fee: "10.00",
    });
    await receive(partial);
    expect(await balanceOf(db, tenantId)).toBe(1_702_920n - 1_500_000n - 1_000n * FEN_RATE);
    await refund(created.id);
    expect(await balanceOf(db, tenantId)).toBe(-1_500_000n);
    await expect(refund(created.id, 1)).rejects.toMatchObject({ code: "INVALID_STATE" });
  });
});
