// The operator's WeChat Pay and Alipay keys: secrets sealed at rest and never shown again, blank
// secrets keep the saved ones, bad keys are refused with a reason, removing a provider disables it.
import { getDb } from "@relay/db";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import {
  loadAlipayKeys,
  loadWechatPayKeys,
  providerKeysStatus,
  removeProviderKeys,
  type SecretBox,
  saveAlipayKeys,
  saveAlipayKeysInput,
  saveWechatPayKeys,
  saveWechatPayKeysInput,
} from "./provider-keys.ts";
import { useAlipayDouble, useWechatPayDouble } from "./testing/qr-suite.ts";

const db = getDb();
const wechat = useWechatPayDouble();
const alipay = useAlipayDouble();
// A reversible stand-in for the console's AES-GCM box: what matters here is that it is used.
const box: SecretBox = {
  seal: (text) => `sealed:${Buffer.from(text).toString("base64")}`,
  open: (sealed) => Buffer.from(sealed.slice("sealed:".length), "base64").toString(),
};
const actor = { label: "operator@example.com" };

beforeEach(async () => {
  await db.setting.deleteMany({
    where: { key: { in: ["payments.wechat_pay", "payments.alipay"] } },
  });
});
afterAll(() => db.$disconnect());

function wechatInput(overrides: Record<string, string | undefined> = {}) {
  const keys = wechat.double.keys;
  return saveWechatPayKeysInput.parse({
    mchId: keys.mchId,
    appId: keys.appId,
    merchantSerialNo: keys.merchantSerialNo,
    merchantPrivateKey: keys.merchantPrivateKey,
    apiV3Key: keys.apiV3Key,
    platformSerial: keys.platform.serial,
    platformPublicKey: keys.platform.publicKey,
    apiBase: keys.apiBase,
    ...overrides,
  });
}

describe("WeChat Pay keys", () => {
  it("are stored sealed, loaded back whole, and shown without secrets", async () => {
    await saveWechatPayKeys({ ctx: { db, actor, box }, input: wechatInput() });
    const raw = JSON.stringify(
      (await db.setting.findUniqueOrThrow({ where: { key: "payments.wechat_pay" } })).value,
    );
    expect(raw).not.toContain(wechat.double.keys.apiV3Key);
    expect(raw).not.toContain("PRIVATE KEY");
    const loaded = await loadWechatPayKeys(db, box);
    expect(loaded).toMatchObject({
      mchId: wechat.double.keys.mchId,
      apiV3Key: wechat.double.keys.apiV3Key,
    });
    const status = await providerKeysStatus(db);
    expect(JSON.stringify(status)).not.toContain(wechat.double.keys.apiV3Key);
    expect(status.wechatPay).toMatchObject({ mchId: wechat.double.keys.mchId });
    const audit = await db.auditLog.findFirstOrThrow({
      where: { action: "settings.payments.wechat_pay" },
      orderBy: { createdAt: "desc" },
    });
    expect(JSON.stringify(audit.data)).not.toContain(wechat.double.keys.apiV3Key);
  });

  it("blank secrets keep the saved ones; bad keys are refused", async () => {
    await saveWechatPayKeys({ ctx: { db, actor, box }, input: wechatInput() });
    await saveWechatPayKeys({
      ctx: { db, actor, box },
      input: wechatInput({ merchantPrivateKey: "", apiV3Key: "", appId: "wx_changed" }),
    });
    expect(await loadWechatPayKeys(db, box)).toMatchObject({
      appId: "wx_changed",
      apiV3Key: wechat.double.keys.apiV3Key,
    });
    await expect(
      saveWechatPayKeys({ ctx: { db, actor, box }, input: wechatInput({ apiV3Key: "short" }) }),
    ).rejects.toMatchObject({ code: "INVALID_SETTINGS" });
    await expect(
      saveWechatPayKeys({
        ctx: { db, actor, box },
        input: wechatInput({
          merchantPrivateKey: "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----",
        }),
      }),
    ).rejects.toMatchObject({ code: "INVALID_SETTINGS" });
  });

  it("removing them disables the provider", async () => {
    await saveWechatPayKeys({ ctx: { db, actor, box }, input: wechatInput() });
    await removeProviderKeys({ ctx: { db, actor }, input: { provider: "wechat_pay" } });
    expect(await loadWechatPayKeys(db, box)).toBeUndefined();
    expect((await providerKeysStatus(db)).wechatPay).toBeNull();
  });
});

describe("Alipay keys", () => {
  it("take the bare base64 keys Alipay's tool prints and load them as PEM", async () => {
    const bare = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, "").replace(/\s/g, "");
    await saveAlipayKeys({
      ctx: { db, actor, box },
      input: saveAlipayKeysInput.parse({
        appId: alipay.double.keys.appId,
        appPrivateKey: bare(alipay.double.keys.appPrivateKey),
        alipayPublicKey: bare(alipay.double.keys.alipayPublicKey),
        gateway: alipay.double.gateway,
      }),
    });
    const loaded = await loadAlipayKeys(db, box);
    expect(loaded?.appPrivateKey.trim()).toBe(alipay.double.keys.appPrivateKey.trim());
    expect(loaded?.alipayPublicKey.trim()).toBe(alipay.double.keys.alipayPublicKey.trim());
    const raw = JSON.stringify(
      (await db.setting.findUniqueOrThrow({ where: { key: "payments.alipay" } })).value,
    );
    expect(raw).not.toContain(bare(alipay.double.keys.appPrivateKey).slice(0, 40));
  });
});
