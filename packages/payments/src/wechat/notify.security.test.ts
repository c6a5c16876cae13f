// Forged, tampered, stale and mismatched WeChat Pay notifications credit nothing and are refused
// (the route then answers 4xx/5xx, so WeChat Pay retries the genuine one). Signatures are real
// RSA signatures: the double's platform key for genuine ones, another key for forgeries.
import { createVerify, generateKeyPairSync } from "node:crypto";
import { getDb } from "@relay/db";
import { afterAll, describe, expect, it } from "vitest";
import { createQrTopUp } from "../qr/create.ts";
import { outTradeNo } from "../qr/provider.ts";
import { balanceOf, newTenant, useCnySettings, useWechatPayDouble } from "../testing/qr-suite.ts";
import type { WechatNotice } from "../testing/wechat-double.ts";
import { handleWechatPayNotification } from "./notify.ts";
import { wechatPayProvider } from "./provider.ts";
import {
  authorization,
  encryptResource,
  parseAuthorization,
  rsaSign,
  verifyWechatSignature,
  wechatHeaders,
} from "./signature.ts";

const db = getDb();
const suite = useWechatPayDouble();

useCnySettings(db);
afterAll(() => db.$disconnect());

function receive(notice: WechatNotice, now?: Date) {
  return handleWechatPayNotification({
    ctx: { db, keys: suite.double.keys, now },
    input: { headers: wechatHeaders((name) => notice.headers[name]), body: notice.body },
  });
}

async function pendingOrder() {
  const tenantId = await newTenant(db);
  const { order } = await createQrTopUp({
    ctx: { db, provider: wechatPayProvider(suite.double.keys), notifyUrl: "http://x/notify" },
    input: { tenantId, amountMinor: 1_234 },
  });
  return { tenantId, order };
}

function transaction(orderId: string, overrides: Record<string, unknown> = {}) {
  return {
    appid: suite.double.keys.appId,
    mchid: suite.double.keys.mchId,
    out_trade_no: outTradeNo(orderId),
    transaction_id: "4200000000000000000000000001",
    trade_type: "NATIVE",
    trade_state: "SUCCESS",
    amount: { total: 1_234, payer_total: 1_234, currency: "CNY" },
    ...overrides,
  };
}

describe("WeChat Pay signatures", () => {
  it("the Authorization header verifies with the merchant public key over WeChat Pay's message", () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const header = authorization({
      method: "POST",
      url: "/v3/pay/transactions/native",
      body: '{"a":1}',
      mchId: "1900000109",
      serialNo: "ABC123",
      privateKey,
      timestamp: 1_554_208_460,
      nonce: "593BEC0C930BF1AFEB40B4A08C8FB242",
    });
    const fields = parseAuthorization(header);
    expect(fields).toMatchObject({
      mchid: "1900000109",
      serial_no: "ABC123",
      timestamp: "1554208460",
      nonce_str: "593BEC0C930BF1AFEB40B4A08C8FB242",
    });
    const message = `POST\n/v3/pay/transactions/native\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n{"a":1}\n`;
    expect(
      createVerify("RSA-SHA256")
        .update(message)
        .verify(publicKey, fields?.signature ?? "", "base64"),
    ).toBe(true);
  });

  it("verifies the platform's signature, and refuses probes, other serials and other keys", () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    const platform = { serial: "PUB_KEY_ID_1", publicKey };
    const body = '{"id":"EV-1"}';
    const now = new Date(1_700_000_000_000);
    const headers = {
      timestamp: "1700000000",
      nonce: "n1",
      serial: "PUB_KEY_ID_1",
      signature: rsaSign(`1700000000\nn1\n${body}\n`, privateKey),
    };
    expect(() => verifyWechatSignature(headers, body, platform, now)).not.toThrow();
    const refused = [
      { ...headers, signature: `WECHATPAY/SIGNTEST/${headers.signature}` },
      { ...headers, serial: "PUB_KEY_ID_2" },
      { ...headers, nonce: "n2" },
      { ...headers, signature: undefined },
    ];
    for (const bad of refused) {
      expect(() => verifyWechatSignature(bad, body, platform, now)).toThrow(/./);
    }
    expect(() => verifyWechatSignature(headers, `${body} `, platform, now)).toThrow();
    // Five minutes either way, not a second more.
    expect(() =>
      verifyWechatSignature(headers, body, platform, new Date(now.getTime() + 300_000)),
    ).not.toThrow();
    expect(() =>
      verifyWechatSignature(headers, body, platform, new Date(now.getTime() + 301_000)),
    ).toThrow(/5 minutes/);
  });

  it("a client whose platform key is not WeChat Pay's refuses the answers", async () => {
    const other = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    const client = wechatPayProvider({
      ...suite.double.keys,
      platform: { ...suite.double.keys.platform, publicKey: other.publicKey },
    });
    await expect(client.query("00000000-0000-0000-0000-000000000000")).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
    });
  });
});

describe("WeChat Pay notifications that credit nothing", () => {
  it("a forged signature", async () => {
    const { tenantId, order } = await pendingOrder();
    const genuine = suite.double.notice("TRANSACTION.SUCCESS", transaction(order.id));
    const forger = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const { "wechatpay-timestamp": ts, "wechatpay-nonce": nonce } = genuine.headers;
    const forged: WechatNotice = {
      body: genuine.body,
      headers: {
        ...genuine.headers,
        "wechatpay-signature": rsaSign(`${ts}\n${nonce}\n${genuine.body}\n`, forger.privateKey),
      },
    };
    await expect(receive(forged)).rejects.toMatchObject({ code: "SIGNATURE_INVALID" });
    expect(await balanceOf(db, tenantId)).toBe(0n);
  });

  it("a body changed after signing, and a resource encrypted under another APIv3 key", async () => {
    const { tenantId, order } = await pendingOrder();
    const genuine = suite.double.notice("TRANSACTION.SUCCESS", transaction(order.id));
    const tampered = { ...genuine, body: genuine.body.replace("TRANSACTION", "TRANSACTION ") };
    await expect(receive(tampered)).rejects.toMatchObject({ code: "SIGNATURE_INVALID" });
    const foreign = JSON.parse(genuine.body) as Record<string, unknown>;
    foreign.resource = encryptResource(
      JSON.stringify(transaction(order.id)),
      "0123456789abcdef0123456789abcdef",
      "transaction",
      "transaction",
    );
    const body = JSON.stringify(foreign);
    const resigned = suite.double.notice("TRANSACTION.SUCCESS", {});
    const withForeign = { headers: { ...resigned.headers }, body };
    await expect(receive(withForeign)).rejects.toMatchObject({ code: "SIGNATURE_INVALID" });
    expect(await balanceOf(db, tenantId)).toBe(0n);
  });

  it("a replay older than five minutes", async () => {
    const { tenantId, order } = await pendingOrder();
    const old = suite.double.notice("TRANSACTION.SUCCESS", transaction(order.id), {
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });
    await expect(receive(old)).rejects.toMatchObject({ code: "SIGNATURE_INVALID" });
    expect(await balanceOf(db, tenantId)).toBe(0n);
  });

  it("a genuine notification with a wrong amount, app id or merchant", async () => {
    const { tenantId, order } = await pendingOrder();
    const wrong = [
      { amount: { total: 1, payer_total: 1, currency: "CNY" } },
      { amount: { total: 1_234, payer_total: 1_234, currency: "USD" } },
      { appid: "wx0000000000000000" },
      { mchid: "1234567890" },
    ];
    for (const overrides of wrong) {
      const notice = suite.double.notice("TRANSACTION.SUCCESS", transaction(order.id, overrides));
      await expect(receive(notice)).rejects.toMatchObject({ code: "TRADE_MISMATCH" });
    }
    expect(await balanceOf(db, tenantId)).toBe(0n);
    const stored = await db.topUpOrder.findUniqueOrThrow({ where: { id: order.id } });
    expect(stored.state).toBe("PENDING");
  });

  it("an order id that is not ours, or not a WeChat Pay order, is ignored", async () => {
    const notice = suite.double.notice(
      "TRANSACTION.SUCCESS",
      transaction("00000000-0000-4000-8000-000000000000"),
    );
    expect(await receive(notice)).toMatchObject({ result: "ignored: unknown order" });
    const sql = suite.double.notice("TRANSACTION.SUCCESS", transaction("x' OR 1=1 --"));
    expect(await receive(sql)).toMatchObject({ result: "ignored: unknown order" });
  });
});
