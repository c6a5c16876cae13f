// The operator's controls over money and access: payment settings (a CNY top-up with a conversion
// rate, seen by a developer as ¥ amounts and an exact USD credit), the low-balance alert that
// lands in the outbox, and suspending a tenant with a reason that its members see while the proxy
// refuses its key. Screenshots go to e2e/screenshots/controls-*.png.
import { expect, test } from "@playwright/test";
import { createDb } from "@relay/db";
import { createApiKey, creditTenant, signUp, signUpInput } from "@relay/services";
import { platform } from "./platform.ts";
import { screenshots, signIn } from "./steps.ts";

const stack = platform();
const shot = screenshots("controls-");

test("payment settings, a low-balance alert in the outbox, and a suspension with a reason", async ({
  page,
  browser,
}) => {
  const db = createDb(stack.databaseUrl, { max: 1 });
  const stamp = Date.now();
  const email = `brake-${stamp}@example.com`;
  const { tenant } = await signUp({
    ctx: { db, actor: { label: "e2e" } },
    input: signUpInput.parse({
      name: "Bea Brake",
      email,
      company: `Brake Labs ${stamp}`,
      password: "a-long-password",
    }),
  });
  await creditTenant({
    ctx: { db, actor: { label: "e2e" } },
    input: { tenant: tenant.id, amount: 3_000_000n, reason: "e2e credit" },
  });
  const { secret } = await createApiKey({
    ctx: { db, actor: { label: "e2e" } },
    input: { tenant: tenant.id, name: "brake", allowedModels: [], allowedIps: [] },
  });
  await db.tenant.update({
    where: { id: tenant.id },
    data: { lowBalanceThreshold: 2_500_000n, lowBalanceEmail: `alerts-${stamp}@brake.example` },
  });

  try {
    // Payment settings: CNY at 1 CNY = 0.138 USD.
    await signIn(page, "admin@relay.local", "relay-admin", "/operator/payments");
    await page.waitForURL(/\/operator\/payments$/, { timeout: 90_000 });
    await expect(page.getByRole("heading", { name: "Payment settings" })).toBeVisible();
    await expect(page.getByTestId("webhook-url")).toHaveText(
      `${stack.consoleUrl}/api/stripe/webhook`,
    );
    // The top-up currency (the display currency has a field of the same name).
    await page.locator("#pay-currency").fill("cny");
    await page.getByLabel(/Smallest top-up/).fill("10");
    await page.getByLabel(/Preset amounts/).fill("10, 50, 100");
    await page.getByRole("checkbox", { name: "Alipay" }).check();
    await page.getByLabel("1 CNY =").fill("0.138");
    await expect(page.getByTestId("rate-example")).toHaveText(
      "A payment of ¥100.00 credits $13.80.",
    );
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByText("Saved. New top-ups use these settings now.")).toBeVisible();
    await shot(page, "01-payment-settings");
    const stored = await db.setting.findUniqueOrThrow({ where: { key: "payments" } });
    expect(stored.value).toMatchObject({
      currency: "cny",
      minimumMinor: 1_000,
      presetsMinor: [1_000, 5_000, 10_000],
      methods: ["card", "alipay"],
      rates: { cny: "1380" },
    });

    // The developer's top-up form now offers yuan and says exactly what a payment credits.
    const devContext = await browser.newContext();
    const dev = await devContext.newPage();
    await signIn(dev, email, "a-long-password", `/console/${tenant.slug}/billing`);
    await dev.waitForURL(new RegExp(`/console/${tenant.slug}/billing$`), { timeout: 90_000 });
    await expect(dev.getByRole("button", { name: "¥50.00" })).toBeVisible();
    await dev.getByTestId("topup-custom").fill("100");
    await expect(dev.getByTestId("topup-credit")).toHaveText("Adds $13.80 to your balance.");
    await expect(dev.getByRole("button", { name: "Pay ¥100.00" })).toBeEnabled();
    await shot(dev, "02-developer-cny");

    // A debit takes the balance from $3 to $2, below the $2.50 threshold: one alert, in the outbox.
    await creditTenant({
      ctx: { db, actor: { label: "e2e" } },
      input: { tenant: tenant.id, amount: -1_000_000n, reason: "e2e debit" },
    });
    await page.getByRole("link", { name: "Outbox" }).click();
    await page.waitForURL(/\/operator\/outbox$/);
    await expect(page.getByRole("heading", { name: "Outbox" })).toBeVisible();
    const alert = page
      .getByTestId("outbox-row")
      .filter({ hasText: `alerts-${stamp}@brake.example` });
    // The proxy's job sweeps on the balance notification (or, if it was missed, within 30 s).
    await expect(async () => {
      await page.reload();
      await expect(alert).toHaveCount(1, { timeout: 5_000 });
    }).toPass({ timeout: 60_000 });
    await alert.getByRole("button", { name: /Low balance/ }).click();
    await expect(page.getByTestId("outbox-text")).toContainText(
      "is $2.000000, below the $2.500000 you set for this alert.",
    );
    await shot(page, "03-outbox-alert");
    await page.keyboard.press("Escape");

    // Suspend: a reason is required; the members see it and the proxy refuses the key.
    await page.goto(`${stack.consoleUrl}/operator/tenants/${tenant.id}`);
    await page.getByRole("button", { name: "Suspend" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Suspend" }).click();
    await expect(
      dialog.getByText("A reason is required: the tenant's members see it."),
    ).toBeVisible();
    await dialog.getByLabel("Why (shown to the tenant's members)").fill("Unpaid invoice 42");
    await dialog.getByRole("button", { name: "Suspend" }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByText("Unpaid invoice 42")).toBeVisible();
    await shot(page, "04-tenant-suspended");

    await expect(async () => {
      const response = await fetch(`${stack.proxyUrl}/models`, {
        headers: { authorization: `Bearer ${secret}` },
      });
      expect(response.status).toBe(403);
    }).toPass({ timeout: 10_000 });

    await dev.goto(`${stack.consoleUrl}/console/${tenant.slug}`);
    await expect(dev.getByTestId("suspended-reason")).toHaveText("Unpaid invoice 42");
    await shot(dev, "05-developer-suspended");
    await devContext.close();

    // The operator's new pages in Chinese.
    await page.context().addCookies([{ name: "lang", value: "zh", url: stack.consoleUrl }]);
    await page.goto(`${stack.consoleUrl}/operator/outbox`);
    await expect(page.getByTestId("outbox-row").first()).toBeVisible();
    await shot(page, "06-outbox-zh");
    await page.goto(`${stack.consoleUrl}/operator/payments`);
    await expect(page.getByLabel("1 CNY =")).toHaveValue("0.138");
    await shot(page, "07-payments-zh");
  } finally {
    // Other specs expect the default top-up settings (USD).
    await db.setting.deleteMany({ where: { key: "payments" } });
    await db.$disconnect();
  }
});
