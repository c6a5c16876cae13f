// A developer signs up, creates a key, calls the proxy with the official `openai` client, and
// sees the call in the console: balance reduced by exactly its price, the request in the log.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { createDb } from "@relay/db";
import OpenAI from "openai";
import { platform } from "./platform.ts";
import { micros, screenshots, usd } from "./steps.ts";

const stack = platform();
const shot = screenshots();

test("sign up, create a key, call the proxy, see usage and balance, switch to Chinese", async ({
  page,
  browser,
}) => {
  const email = `dev-${Date.now()}@example.com`;
  await page.goto(`${stack.consoleUrl}/sign-up`);
  await shot(page, "01-sign-up");

  // A short password is refused with a clear message before anything is sent.
  await page.getByLabel("Your name").fill("Grace Hopper");
  await page.getByLabel(/Company or project/).fill("Hopper Labs");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("The password is too short")).toBeVisible();
  await shot(page, "02-sign-up-weak-password");

  await page.getByLabel("Password").fill("a-long-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/console\/hopper-labs$/, { timeout: 90_000 });
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByTestId("balance")).toHaveText("$0.00");
  // A new workspace has no low-balance threshold: no warning until one is set.
  await expect(page.getByTestId("low-balance")).toHaveCount(0);
  const overviewUrl = page.url();
  await shot(page, "03-overview-new");

  // The new tenant gets credit from the operator (the top-up flow is another issue's).
  const db = createDb(stack.databaseUrl, { max: 1 });
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: "hopper-labs" } });
  const { creditTenant } = await import("@relay/services");
  await creditTenant({
    ctx: { db, actor: { label: "e2e" } },
    input: { tenant: tenant.id, amount: 5_000_000n, reason: "e2e credit" },
  });

  await page.getByRole("link", { name: "API keys" }).click();
  await expect(page.getByText("No API keys yet")).toBeVisible();
  await page.getByRole("button", { name: "Create key" }).first().click();
  await page.getByLabel("Name").fill("laptop");
  await page.getByRole("dialog").getByRole("button", { name: "Create key" }).click();
  const shown = page.getByTestId("new-api-key");
  await expect(shown).toHaveText(/^sk-relay-/);
  const key = (await shown.textContent())?.trim() ?? "";
  await page.getByRole("dialog").getByRole("button", { name: "Copy" }).first().click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
  await expect(page.getByRole("dialog")).toContainText(stack.proxyUrl);
  await shot(page, "04-key-created");
  await page.getByRole("button", { name: "I have copied it" }).click();
  await expect(page.getByTestId("api-key-row")).toHaveCount(1);
  await shot(page, "05-keys-list");

  // The official client, the key from the screen, the proxy's base URL.
  const client = new OpenAI({ apiKey: key, baseURL: stack.proxyUrl });
  const reply = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "Say hello to Relay" }],
  });
  expect(reply.choices[0]?.message.content).toBeTruthy();

  // Settlements are written in batches: wait until the call's usage record exists.
  let records = await db.usageRecord.findMany({ where: { tenantId: tenant.id } });
  for (let i = 0; i < 50 && records.length < 1; i++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    records = await db.usageRecord.findMany({ where: { tenantId: tenant.id } });
  }
  expect(records.length).toBeGreaterThan(0);
  const settled = await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } });
  const spent = records.reduce((sum, r) => sum + r.price, 0n);
  expect(spent).toBeGreaterThan(0n);
  expect(settled.balance).toBe(5_000_000n - spent);
  await db.$disconnect();

  const exact = usd(settled.balance);
  await expect(async () => {
    await page.goto(overviewUrl);
    await expect(page.getByTestId("balance")).toHaveText(exact, { timeout: 10_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId("low-balance")).toHaveCount(0);
  // The operator's command line agrees with the screen to the micro-dollar.
  const cli = JSON.parse(
    execFileSync("pnpm", ["--silent", "relay", "balance", "--tenant", "hopper-labs", "--json"], {
      cwd: fileURLToPath(new URL("../../..", import.meta.url)),
      env: { ...process.env, DATABASE_URL: stack.databaseUrl },
      encoding: "utf8",
    }),
  );
  expect([micros(`$${cli.balance.usd}`), cli.balance.micros]).toEqual([
    settled.balance,
    settled.balance.toString(),
  ]);
  await expect(page.getByTestId("requests-chart")).toBeVisible();
  await shot(page, "06-overview-after-call");

  await page.getByRole("link", { name: "Usage" }).click();
  await expect(page.getByTestId("usage-row").first()).toBeVisible();
  const first = records[0];
  if (first) await expect(page.getByText(first.requestId)).toBeVisible();
  await expect(page.getByTestId("usage-price").first()).toHaveText(/^\$0\.\d{2,6}$/);
  await shot(page, "07-usage");

  await page.getByRole("button", { name: "切换到中文" }).click();
  await expect(page.getByRole("heading", { name: "用量" })).toBeVisible();
  await expect(page.getByRole("link", { name: "API 密钥" })).toBeVisible();
  await shot(page, "08-usage-zh");
  await page.getByRole("link", { name: "概览" }).click();
  await expect(page.getByText("本月消费")).toBeVisible();
  await shot(page, "09-overview-zh");

  // Phone width.
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    storageState: await page.context().storageState(),
  });
  const small = await phone.newPage();
  await small.goto(overviewUrl);
  await expect(small.getByText("本月消费")).toBeVisible();
  await shot(small, "10-overview-phone");
  await small.goto(`${overviewUrl}/keys`);
  await expect(small.getByTestId("api-key-row")).toHaveCount(1);
  await shot(small, "11-keys-phone");
  await phone.close();
});
