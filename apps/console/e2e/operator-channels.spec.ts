// An operator adds a channel pointing at the simulated upstream for a new model, prices it and
// presses "test" (a real call, success with a latency); then generates a batch of codes, and a
// developer redeems one on their billing page: the balance rises by exactly the amount, and typing
// the same code again is refused with a clear message. Phone width and Chinese too.
// Screenshots go to e2e/screenshots/catalog-*.png.
import { expect, test } from "@playwright/test";
import { createDb } from "@relay/db";
import { signUp, signUpInput } from "@relay/services";
import { platform } from "./platform.ts";
import { screenshots, signIn } from "./steps.ts";

const stack = platform();
const shot = screenshots("catalog-");

const MODEL = "e2e-new-model";

test("operator adds a channel, prices its model, tests it; a generated code is redeemed once", async ({
  page,
  browser,
}) => {
  // The seed's channel points at the simulated upstream; the new channel goes to the same place.
  const db = createDb(stack.databaseUrl, { max: 1 });
  const seeded = await db.channel.findFirstOrThrow({ where: { name: "Simulated upstream" } });
  const upstreamUrl = seeded.baseUrl;
  // Other specs may have added channels and codes to the shared platform: counts are relative.
  const channelsBefore = await db.channel.count();
  const batchesBefore = (
    await db.redemptionCode.findMany({ distinct: ["batchId"], select: { batchId: true } })
  ).length;

  await signIn(page, "admin@relay.local", "relay-admin", "/operator/channels");
  await page.waitForURL(/\/operator\/channels$/, { timeout: 90_000 });
  await expect(page.getByRole("heading", { name: "Upstream channels" })).toBeVisible();
  await expect(page.getByTestId("channel-row")).toHaveCount(channelsBefore);

  // Add: the form refuses a missing URL and key before anything is sent.
  await page.getByRole("button", { name: "Add channel" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByText("Enter a full URL")).toBeVisible();
  await expect(dialog.getByText("The upstream API key is required")).toBeVisible();
  await shot(page, "01-add-channel-errors");
  await dialog.getByLabel("Name", { exact: true }).fill("E2E upstream");
  await dialog.getByLabel("Base URL").fill(upstreamUrl);
  await dialog.getByLabel("API key").fill("sk-e2e-upstream-secret-4321");
  await dialog.getByLabel("Models served").fill(`${MODEL}=gpt-4o-mini`);
  await dialog.getByLabel("Priority").fill("5");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByTestId("channel-row").filter({ hasText: "E2E upstream" });
  await expect(row).toContainText("…4321");
  await expect(row).toContainText(`${MODEL} → gpt-4o-mini`);
  await expect(page.getByText("sk-e2e-upstream-secret-4321")).toHaveCount(0);

  // Price the new model.
  await page.getByRole("link", { name: "Models & prices" }).click();
  const modelRow = page.locator(`[data-testid="model-row"][data-model="${MODEL}"]`);
  await expect(modelRow).toContainText("not set");
  await modelRow.getByRole("button", { name: "Edit prices" }).click();
  const priceDialog = page.getByRole("dialog");
  await priceDialog.getByLabel(/^Input/).fill("abc");
  await priceDialog.getByRole("button", { name: "Save" }).click();
  await expect(priceDialog.getByText("An amount in USD")).toBeVisible();
  await priceDialog.getByLabel(/^Input/).fill("0.25");
  await priceDialog.getByLabel(/^Output/).fill("1.5");
  await priceDialog.getByLabel("Cached input").fill("0.125");
  await shot(page, "02-price-form");
  await priceDialog.getByRole("button", { name: "Save" }).click();
  await expect(priceDialog).toBeHidden();
  await expect(modelRow.getByTestId("sale-prices")).toHaveText("$0.25 / $1.50 / $0.125");
  await shot(page, "03-models");
  const price = await db.modelPrice.findUniqueOrThrow({
    where: { modelId_scope: { modelId: MODEL, scope: "SALE" } },
  });
  expect([price.inputPerMTok, price.outputPerMTok, price.cachedInputPerMTok]).toEqual([
    250_000n,
    1_500_000n,
    125_000n,
  ]);

  // Test: a real call to the simulated upstream.
  await page.getByRole("link", { name: "Channels" }).click();
  await row.getByRole("button", { name: "Test" }).click();
  await expect(row.getByTestId("channel-test-result")).toHaveText(/^Success in \d+ ms/);
  await expect(row).toContainText("1 ok");
  await shot(page, "04-channel-tested");
  const audit = await db.auditLog.findMany({
    where: { action: { in: ["channel.add", "price.set", "channel.test"] } },
    orderBy: { id: "asc" },
  });
  expect(audit.map((a) => a.action).slice(-3)).toEqual([
    "channel.add",
    "price.set",
    "channel.test",
  ]);

  // Codes: generate a batch of three $2.50 codes.
  await page.getByRole("link", { name: "Redemption codes" }).click();
  await page.getByRole("button", { name: "Generate batch" }).first().click();
  const codesDialog = page.getByRole("dialog");
  await codesDialog.getByLabel("How many (up to 1000)").fill("1001");
  await codesDialog.getByRole("button", { name: "Generate batch" }).click();
  await expect(codesDialog.getByText("A whole number from 1 to 1000")).toBeVisible();
  await codesDialog.getByLabel("Amount per code (USD)").fill("2.50");
  await codesDialog.getByLabel("How many (up to 1000)").fill("3");
  await codesDialog.getByRole("button", { name: "Generate batch" }).click();
  await expect(page.getByTestId("codes-notice")).toContainText("3 codes generated");
  await expect(page.getByTestId("code-row").filter({ hasText: "$2.50" })).toHaveCount(3);
  await shot(page, "05-codes");
  const code = ((await page.getByTestId("code-value").first().textContent()) ?? "").trim();
  expect(code).toMatch(/^RELAY-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/);

  // Export the batch as CSV.
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).first().click();
  const csvPath = await (await downloading).path();
  const { readFileSync } = await import("node:fs");
  const csv = readFileSync(csvPath, "utf8");
  expect(csv.split("\n")[0]).toBe("code,amount_usd,state,expires_at,redeemed_at");
  expect(csv).toContain(`${code},2.500000,ACTIVE`);

  // A developer of another tenant redeems it on their billing page; typing it again is refused.
  const email = `redeemer-${Date.now()}@example.com`;
  const { tenant } = await signUp({
    ctx: { db, actor: { label: "e2e" } },
    input: signUpInput.parse({
      name: "Ada",
      email,
      company: "Redeem Labs",
      password: "a-long-password",
    }),
  });
  const devContext = await browser.newContext();
  const devPage = await devContext.newPage();
  await signIn(devPage, email, "a-long-password", `/console/${tenant.slug}/billing`);
  await devPage.waitForURL(new RegExp(`/console/${tenant.slug}/billing$`), { timeout: 90_000 });
  await expect(devPage.getByTestId("billing-balance")).toHaveText("$0.00");
  const codeField = devPage.getByLabel("Redemption code");
  await codeField.fill(code.toLowerCase());
  await devPage.getByRole("button", { name: "Redeem", exact: true }).click();
  await expect(devPage.getByTestId("redeem-success")).toHaveText("$2.50 added. New balance: $2.50");
  await expect(devPage.getByTestId("billing-balance")).toHaveText("$2.50");
  await shot(devPage, "06-developer-balance");
  await codeField.fill(code);
  await devPage.getByRole("button", { name: "Redeem", exact: true }).click();
  await expect(devPage.getByText("This code has already been redeemed")).toBeVisible();
  await shot(devPage, "06b-redeem-refused");
  const after = await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } });
  expect(after.balance).toBe(2_500_000n);
  await devContext.close();

  // The operator sees it redeemed.
  await page.getByLabel("State").selectOption("REDEEMED");
  await expect(page.getByTestId("code-row")).toHaveCount(1);
  await expect(page.getByTestId("code-row")).toContainText("Redeem Labs");
  await shot(page, "07-codes-redeemed");

  // Phone width, then Chinese.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole("link", { name: "Channels" }).click();
  await expect(page.getByTestId("channel-row")).toHaveCount(channelsBefore + 1);
  await shot(page, "08-channels-phone");
  await page.goto(`${stack.consoleUrl}/operator/codes`);
  await expect(page.getByTestId("code-batch")).toHaveCount(batchesBefore + 1);
  await shot(page, "09-codes-phone");
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.context().addCookies([{ name: "lang", value: "zh", url: stack.consoleUrl }]);
  await page.goto(`${stack.consoleUrl}/operator/channels`);
  await expect(page.getByRole("heading", { name: "上游渠道" })).toBeVisible();
  await expect(page.getByTestId("channel-row")).toHaveCount(channelsBefore + 1);
  await expect(page.getByTestId("channel-row").first()).toContainText("已启用");
  await shot(page, "10-channels-zh");
  await page.goto(`${stack.consoleUrl}/operator/models`);
  await expect(page.getByRole("heading", { name: "模型与价格" })).toBeVisible();
  await expect(page.locator(`[data-testid="model-row"][data-model="${MODEL}"]`)).toBeVisible();
  await shot(page, "11-models-zh");
  await db.$disconnect();
});
