// WeChat Pay and Alipay through the console's own layers: the operator saves the doubles' keys
// (sealed), the billing page offers exactly the providers configured, a developer's QR order is
// created on the double, the notification routes (real signatures) credit once and answer each
// provider as it expects, and the poll finds a payment whose notification never came.
import { getDb } from "@relay/db";
import { outTradeNo } from "@relay/payments";
import { type AlipayDouble, startAlipayDouble } from "@relay/payments/testing/alipay";
import { startWechatPayDouble, type WechatPayDouble } from "@relay/payments/testing/wechat";
import { signUp, signUpInput } from "@relay/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppSession } from "./auth/session.ts";

const db = getDb();
let wechat: WechatPayDouble;
let alipay: AlipayDouble;
let callerFor: (session: AppSession | null) => ReturnType<typeof import("./root.ts").createCaller>;
let wechatRoute: (request: Request) => Promise<Response>;
let alipayRoute: (request: Request) => Promise<Response>;
let operator: AppSession;

async function person(email: string) {
  const { user, tenant } = await signUp({
    ctx: { db, actor: { label: "test" } },
    input: signUpInput.parse({ name: email.split("@")[0], email, password: "password123" }),
  });
  // Topping up needs a verified email.
  await db.user.update({ where: { id: user.id }, data: { emailVerified: new Date() } });
  return { session: { user: { ...user } } satisfies AppSession, tenant };
}

beforeAll(async () => {
  process.env.RELAY_ENCRYPTION_KEY ??= "ab".repeat(32);
  delete process.env.STRIPE_SECRET_KEY;
  wechat = await startWechatPayDouble();
  alipay = await startAlipayDouble();
  wechatRoute = (await import("../app/api/wechatpay/notify/route.ts")).POST;
  alipayRoute = (await import("../app/api/alipay/notify/route.ts")).POST;
  const { createCaller } = await import("./root.ts");
  const { createContext } = await import("./trpc.ts");
  callerFor = (session) => createCaller(createContext({ db, session }));
  const op = await person(`cn-operator-${Date.now()}@example.com`);
  await db.user.update({ where: { id: op.session.user.id }, data: { role: "OPERATOR" } });
  operator = { user: { ...op.session.user, role: "OPERATOR" } };
  await db.setting.deleteMany({
    where: { key: { in: ["payments", "payments.wechat_pay", "payments.alipay"] } },
  });
});

afterAll(async () => {
  // The files that follow start from the default settings and no payment audit rows.
  const keys = ["payments", "payments.wechat_pay", "payments.alipay"];
  await db.setting.deleteMany({ where: { key: { in: keys } } });
  await db.auditLog.deleteMany({ where: { action: { in: keys.map((key) => `settings.${key}`) } } });
  await wechat.close();
  await alipay.close();
  await db.$disconnect();
});

const cny = {
  currency: "cny",
  minimumMinor: 100,
  presetsMinor: [1_000],
  methods: ["card" as const],
  usdPerUnit: "0.138",
};

describe("WeChat Pay and Alipay in the console", () => {
  it("the billing page offers exactly the providers whose keys are saved", async () => {
    const dev = await person(`cn-dev-${Date.now()}@example.com`);
    const options = () => callerFor(dev.session).billing.topUpOptions({ tenantId: dev.tenant.id });
    const ops = callerFor(operator).operatorPayments;
    await ops.save(cny);
    expect(await options()).toMatchObject({
      configured: false,
      providers: { stripe: false, wechatPay: false, alipay: false },
    });
    const keys = wechat.keys;
    await ops.saveWechatPay({
      mchId: keys.mchId,
      appId: keys.appId,
      merchantSerialNo: keys.merchantSerialNo,
      merchantPrivateKey: keys.merchantPrivateKey,
      apiV3Key: keys.apiV3Key,
      platformSerial: keys.platform.serial,
      platformPublicKey: keys.platform.publicKey,
      apiBase: keys.apiBase,
    });
    expect(await options()).toMatchObject({
      configured: true,
      providers: { stripe: false, wechatPay: true, alipay: false },
    });
    await ops.saveAlipay({
      appId: alipay.keys.appId,
      appPrivateKey: alipay.keys.appPrivateKey,
      alipayPublicKey: alipay.keys.alipayPublicKey,
      gateway: alipay.gateway,
    });
    const shown = await ops.get();
    expect(shown.wechatPay.notifyUrl).toMatch(/\/api\/wechatpay\/notify$/);
    expect(shown.alipay.keys).toMatchObject({ appId: alipay.keys.appId });
    expect(JSON.stringify(shown)).not.toContain(keys.apiV3Key);
    expect((await options()).providers).toEqual({ stripe: false, wechatPay: true, alipay: true });
    // Not CNY: neither can take the payment.
    await ops.save({
      ...cny,
      currency: "usd",
      usdPerUnit: undefined,
      minimumMinor: 500,
      presetsMinor: [],
    });
    expect(await options()).toMatchObject({ configured: false });
    await ops.save(cny);
  });

  it("a WeChat Pay QR top-up: the route credits once, answers 204, and refuses forgeries with FAIL", async () => {
    const dev = await person(`cn-wx-${Date.now()}@example.com`);
    const caller = callerFor(dev.session);
    const qr = await caller.billing.topUpQr({
      tenantId: dev.tenant.id,
      provider: "wechat_pay",
      amountMinor: 1_234,
    });
    expect(qr.qrContent).toBe(`${wechat.apiBase}/scan/${outTradeNo(qr.orderId)}`);
    expect(wechat.orders.get(outTradeNo(qr.orderId))?.notify_url).toMatch(
      /\/api\/wechatpay\/notify$/,
    );
    const notice = wechat.pay(outTradeNo(qr.orderId));
    const request = (headers: Record<string, string>, body: string) =>
      new Request("http://console.test/api/wechatpay/notify", {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body,
      });
    const forged = await wechatRoute(
      request({ ...notice.headers, "wechatpay-signature": "AAAA" }, notice.body),
    );
    expect(forged.status).toBe(401);
    expect(await forged.json()).toEqual({ code: "FAIL", message: "签名错误" });
    const results = await Promise.all(
      Array.from({ length: 10 }, () => wechatRoute(request(notice.headers, notice.body))),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(204));
    expect((await db.tenant.findUniqueOrThrow({ where: { id: dev.tenant.id } })).balance).toBe(
      1_702_920n,
    );
    const status = await caller.billing.topUpQrStatus({
      tenantId: dev.tenant.id,
      provider: "wechat_pay",
      orderId: qr.orderId,
      askProvider: false,
    });
    expect(status).toMatchObject({ state: "PAID", creditAmount: 1_702_920n });
  });

  it("an Alipay QR top-up whose notification never came is credited by the poll; the route says success once paid", async () => {
    const dev = await person(`cn-ali-${Date.now()}@example.com`);
    const caller = callerFor(dev.session);
    const qr = await caller.billing.topUpQr({
      tenantId: dev.tenant.id,
      provider: "alipay",
      amountMinor: 5_000,
    });
    const notice = alipay.pay(outTradeNo(qr.orderId));
    const polled = await caller.billing.topUpQrStatus({
      tenantId: dev.tenant.id,
      provider: "alipay",
      orderId: qr.orderId,
      askProvider: true,
    });
    expect(polled.state).toBe("PAID");
    const post = (body: string) =>
      alipayRoute(
        new Request("http://console.test/api/alipay/notify", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body,
        }),
      );
    const replay = await post(notice);
    expect([replay.status, await replay.text()]).toEqual([200, "success"]);
    const tampered = await post(notice.replace("total_amount=50.00", "total_amount=5000.00"));
    expect(await tampered.text()).toBe("fail");
    expect((await db.tenant.findUniqueOrThrow({ where: { id: dev.tenant.id } })).balance).toBe(
      5_000n * 1_380n,
    );
    // Another tenant cannot read it.
    const other = await person(`cn-other-${Date.now()}@example.com`);
    await expect(
      callerFor(other.session).billing.topUpQrStatus({
        tenantId: dev.tenant.id,
        provider: "alipay",
        orderId: qr.orderId,
        askProvider: true,
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("the operator refunds an Alipay top-up: the balance is debited at once", async () => {
    const dev = await person(`cn-refund-${Date.now()}@example.com`);
    const qr = await callerFor(dev.session).billing.topUpQr({
      tenantId: dev.tenant.id,
      provider: "alipay",
      amountMinor: 1_000,
    });
    await alipayRoute(
      new Request("http://console.test/api/alipay/notify", {
        method: "POST",
        body: alipay.pay(outTradeNo(qr.orderId)),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
    );
    await expect(
      callerFor(dev.session).operatorPayments.refund({ orderId: qr.orderId, reason: "x" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const refunded = await callerFor(operator).operatorPayments.refund({
      orderId: qr.orderId,
      reason: "customer asked",
    });
    expect(refunded.status).toBe("refunded");
    expect((await db.tenant.findUniqueOrThrow({ where: { id: dev.tenant.id } })).balance).toBe(0n);
  });
});
