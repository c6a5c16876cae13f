// WeChat Pay and Alipay top-ups in Chinese. The spec starts both local doubles; the operator pastes
// their keys into the payment settings page (the only configuration there is); a developer, in
// Chinese, scans each QR code with a second page standing in for the phone, pays on the double's
// "scan and pay" page, which delivers a real signed notification to the console, and sees the
// balance and the receipt (CNY paid, exact USD credited). The platform's top-up settings are
// restored afterwards for the other specs. Screenshots go to e2e/screenshots/topup-cn-*.png.
import { expect, type Page, test } from "@playwright/test";
import { createDb } from "@relay/db";
import { type AlipayDouble, startAlipayDouble } from "@relay/payments/testing/alipay";
import { startWechatPayDouble, type WechatPayDouble } from "@relay/payments/testing/wechat";
import { platform } from "./platform.ts";
import { screenshots, signIn, signUp } from "./steps.ts";

const stack = platform();
const shot = screenshots("topup-cn-");

async function payOnPhone(page: Page, button: string): Promise<void> {
  const qr = page.getByTestId("qr-code");
  await expect(qr).toBeVisible();
  const content = await qr.getAttribute("data-qr-content");
  const phone = await page.context().newPage();
  await phone.goto(content ?? "");
  await phone.getByRole("button", { name: button }).click();
  await expect(phone.getByRole("status")).toContainText(/成功/);
  await phone.close();
}

test("top up ¥12.34 by WeChat Pay and ¥50 by Alipay, in Chinese: balance and receipt", async ({
  page,
}) => {
  const db = createDb(stack.databaseUrl, { max: 1 });
  const previous = await db.setting.findUnique({ where: { key: "payments" } });
  let wechat: WechatPayDouble | undefined;
  let alipay: AlipayDouble | undefined;
  try {
    wechat = await startWechatPayDouble();
    alipay = await startAlipayDouble();
    const value = {
      currency: "cny",
      minimumMinor: 100,
      presetsMinor: [1_000, 5_000],
      methods: ["card"],
      rates: { cny: "1380" },
    };
    await db.setting.upsert({
      where: { key: "payments" },
      create: { key: "payments", value },
      update: { value },
    });

    // The operator pastes each provider's keys.
    await signIn(page, "admin@relay.local", "relay-admin", "/operator/payments");
    await page.waitForURL(/\/operator\/payments$/, { timeout: 90_000 });
    const wx = page.getByRole("form", { name: "WeChat Pay" });
    const keys = wechat.keys;
    await wx.getByTestId("key-mchId").fill(keys.mchId);
    await wx.getByTestId("key-appId").fill(keys.appId);
    await wx.getByTestId("key-merchantSerialNo").fill(keys.merchantSerialNo);
    await wx.getByTestId("key-merchantPrivateKey").fill(keys.merchantPrivateKey);
    await wx.getByTestId("key-apiV3Key").fill(keys.apiV3Key);
    await wx.getByTestId("key-platformSerial").fill(keys.platform.serial);
    await wx.getByTestId("key-platformPublicKey").fill(keys.platform.publicKey);
    await wx.getByTestId("key-apiBase").fill(wechat.apiBase);
    await wx.getByRole("button", { name: "Save keys" }).click();
    await expect(wx.getByTestId("provider-wechat_pay-state")).toHaveText("Enabled");
    const ali = page.getByRole("form", { name: "Alipay" });
    await ali.getByTestId("key-appId").fill(alipay.keys.appId);
    await ali.getByTestId("key-appPrivateKey").fill(alipay.keys.appPrivateKey);
    await ali.getByTestId("key-alipayPublicKey").fill(alipay.keys.alipayPublicKey);
    await ali.getByTestId("key-gateway").fill(alipay.gateway);
    await ali.getByRole("button", { name: "Save keys" }).click();
    await expect(ali.getByTestId("provider-alipay-state")).toHaveText("Enabled");
    await expect(ali.getByText(/\/api\/alipay\/notify$/)).toBeVisible();
    await shot(page, "01-operator-keys");
    await page.context().clearCookies();

    // A developer, in Chinese.
    await signUp(page, {
      name: "Wei Zhifu",
      company: "Zhifu Labs",
      email: `topup-cn-${Date.now()}@example.com`,
    });
    const overviewUrl = page.url();
    await page.getByRole("button", { name: "切换到中文" }).click();
    await expect(page.getByRole("button", { name: "Switch to English" })).toBeVisible();
    await page.goto(`${overviewUrl}/billing`);

    // WeChat Pay: the default among the enabled providers.
    await expect(page.getByText("微信支付", { exact: true })).toBeVisible();
    await expect(page.getByText("支付宝", { exact: true })).toBeVisible();
    await page.getByTestId("topup-custom").fill("12.34");
    await expect(page.getByTestId("topup-credit")).toContainText("$1.70292");
    await page.getByRole("button", { name: /^支付/ }).click();
    await expect(page.getByText("请使用微信支付扫码支付 ¥12.34")).toBeVisible();
    await shot(page, "02-wechat-qr");
    await payOnPhone(page, "确认支付");
    await expect(page.getByTestId("qr-paid")).toHaveText("支付成功：已为余额充值 $1.70292。");
    await expect(page.getByTestId("billing-balance")).toHaveText("$1.70292");
    await shot(page, "03-wechat-paid");

    await page.getByRole("link", { name: "查看收据" }).click();
    await expect(page.getByTestId("receipt-paid")).toHaveText("¥12.34");
    await expect(page.getByTestId("receipt-credited")).toContainText("$1.70292");
    await expect(page.getByTestId("receipt-trade-no")).toHaveText(/^4200[0-9a-f]{24}$/);
    await shot(page, "04-wechat-receipt");

    // Alipay.
    await page.goto(`${overviewUrl}/billing`);
    await page.getByText("支付宝", { exact: true }).click();
    await page.getByTestId("topup-custom").fill("50");
    await page.getByRole("button", { name: /^支付/ }).click();
    await expect(page.getByText("请使用支付宝扫码支付 ¥50.00")).toBeVisible();
    await shot(page, "05-alipay-qr");
    await payOnPhone(page, "确认付款");
    await expect(page.getByTestId("qr-paid")).toHaveText("支付成功：已为余额充值 $6.90。");
    await expect(page.getByTestId("billing-balance")).toHaveText("$8.60292");
    await shot(page, "06-alipay-paid");

    const slug = new URL(overviewUrl).pathname.split("/").at(-1) ?? "";
    const tenant = await db.tenant.findUniqueOrThrow({ where: { slug } });
    expect(tenant.balance).toBe(8_602_920n);
    const orders = await db.topUpOrder.findMany({
      where: { tenantId: tenant.id },
      orderBy: { createdAt: "asc" },
    });
    expect(orders.map((o) => [o.provider, o.state, o.amountMinor, o.creditAmount])).toEqual([
      ["WECHAT_PAY", "PAID", 1_234n, 1_702_920n],
      ["ALIPAY", "PAID", 5_000n, 6_900_000n],
    ]);
    const entries = await db.ledgerEntry.findMany({
      where: { tenantId: tenant.id },
      orderBy: { id: "asc" },
    });
    expect(entries.map((e) => e.idempotencyKey)).toEqual([
      `wechatpay:${orders[0]?.providerTradeNo}`,
      `alipay:${orders[1]?.providerTradeNo}`,
    ]);
  } finally {
    if (previous) {
      await db.setting.update({
        where: { key: "payments" },
        data: { value: previous.value ?? {} },
      });
    } else {
      await db.setting.deleteMany({ where: { key: "payments" } });
    }
    await db.setting.deleteMany({
      where: { key: { in: ["payments.wechat_pay", "payments.alipay"] } },
    });
    await wechat?.close();
    await alipay?.close();
    await db.$disconnect();
  }
});
