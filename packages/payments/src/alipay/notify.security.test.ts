// Alipay notifications that must credit nothing: a forged RSA2 signature, a field changed after
// signing, a genuine one for another app_id or another amount. The answers of a gateway that
// does not sign with the Alipay public key are refused by the SDK (validateSign).
import { generateKeyPairSync } from "node:crypto";
import { getDb } from "@relay/db";
import { afterAll, describe, expect, it } from "vitest";
import { createQrTopUp } from "../qr/create.ts";
import { outTradeNo } from "../qr/provider.ts";
import { balanceOf, newTenant, useAlipayDouble, useCnySettings } from "../testing/qr-suite.ts";
import { handleAlipayNotification } from "./notify.ts";
import { alipayProvider } from "./provider.ts";

const db = getDb();
const suite = useAlipayDouble();

useCnySettings(db);
afterAll(() => db.$disconnect());

const receive = (rawBody: string) =>
  handleAlipayNotification({ ctx: { db, keys: suite.double.keys }, input: { rawBody } });

const otherKey = () =>
  generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });

async function pendingOrder() {
  const tenantId = await newTenant(db);
  const { order } = await createQrTopUp({
    ctx: { db, provider: alipayProvider(suite.double.keys), notifyUrl: "http://x/notify" },
    input: { tenantId, amountMinor: 1_234 },
  });
  const paid = (fields: Record<string, string> = {}) => ({
    out_trade_no: outTradeNo(order.id),
    trade_no: "2026113022001400000000000001",
    trade_status: "TRADE_SUCCESS",
    total_amount: "12.34",
    ...fields,
  });
  return { tenantId, order, paid };
}

describe("Alipay notifications that credit nothing", () => {
  it("a forged signature, and a genuine one whose amount was changed after signing", async () => {
    const { tenantId, paid } = await pendingOrder();
    const forged = suite.double.notice(paid(), { signWith: otherKey().privateKey });
    await expect(receive(forged)).rejects.toMatchObject({ code: "SIGNATURE_INVALID" });
    const tampered = suite.double
      .notice(paid())
      .replace("total_amount=12.34", "total_amount=99.99");
    await expect(receive(tampered)).rejects.toMatchObject({ code: "SIGNATURE_INVALID" });
    const unsigned = new URLSearchParams(paid()).toString();
    await expect(receive(unsigned)).rejects.toMatchObject({ code: "SIGNATURE_INVALID" });
    expect(await balanceOf(db, tenantId)).toBe(0n);
  });

  it("a genuine notification for another app_id, or a different total_amount", async () => {
    const { tenantId, order, paid } = await pendingOrder();
    const otherApp = suite.double.notice({ ...paid(), app_id: "2021000000009999" });
    await expect(receive(otherApp)).rejects.toMatchObject({ code: "TRADE_MISMATCH" });
    const cheaper = suite.double.notice(paid({ total_amount: "0.01" }));
    await expect(receive(cheaper)).rejects.toMatchObject({ code: "TRADE_MISMATCH" });
    expect(await balanceOf(db, tenantId)).toBe(0n);
    expect((await db.topUpOrder.findUniqueOrThrow({ where: { id: order.id } })).state).toBe(
      "PENDING",
    );
  });

  it("an out_trade_no that is not one of our Alipay orders is ignored", async () => {
    const notice = suite.double.notice({
      out_trade_no: "00000000-0000-4000-8000-000000000000",
      trade_no: "1",
      trade_status: "TRADE_SUCCESS",
      total_amount: "12.34",
    });
    expect(await receive(notice)).toMatchObject({ result: "ignored: unknown order" });
  });

  it("a gateway answer not signed by the configured Alipay public key is refused", async () => {
    const provider = alipayProvider({
      ...suite.double.keys,
      alipayPublicKey: otherKey().publicKey,
    });
    await expect(provider.query("00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({
      code: "PROVIDER_ERROR",
    });
  });
});
