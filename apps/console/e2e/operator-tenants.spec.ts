// An operator signs in, credits a tenant $2 with a reason, sees the balance move by exactly
// +2.000000 and the entry in the ledger and the audit log; then the same pages at phone width and
// in Chinese. Screenshots go to e2e/screenshots/operator-*.png.
import { expect, test } from "@playwright/test";
import { createDb } from "@relay/db";
import { createApiKey } from "@relay/services";
import OpenAI from "openai";
import { platform } from "./platform.ts";
import { micros, screenshots } from "./steps.ts";

const stack = platform();
const shot = screenshots("operator-");

test("operator credits a tenant $2 with a reason; balance, ledger and audit log agree", async ({
  page,
}) => {
  // next dev compiles each page on first visit, on CPUs shared with other work.
  test.setTimeout(480_000);
  // One real call through the proxy, so the dashboard has a request and a channel to show.
  const db = createDb(stack.databaseUrl, { max: 1 });
  const demo = await db.tenant.findUniqueOrThrow({ where: { slug: "demo" } });
  const { secret } = await createApiKey({
    ctx: { db, actor: { label: "e2e" } },
    input: { tenant: demo.id, name: "e2e", allowedModels: [], allowedIps: [] },
  });
  await db.$disconnect();
  const client = new OpenAI({ apiKey: secret, baseURL: stack.proxyUrl });
  await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "hello" }],
  });

  await page.goto(`${stack.consoleUrl}/sign-in?callbackUrl=/operator`);
  await page.getByLabel("Email").fill("admin@relay.local");
  await page.getByLabel("Password").fill("relay-admin");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/operator", { timeout: 120_000 });
  await expect(page.getByRole("heading", { name: "Platform dashboard" })).toBeVisible({
    timeout: 90_000,
  });
  // The call's rollup is written in a batch a moment after it ends.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("dash-requests")).not.toHaveText("0", { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId("revenue-chart")).toBeVisible();
  await expect(page.getByTestId("channel-errors")).toBeVisible();
  await shot(page, "01-dashboard");

  await page.getByRole("link", { name: "Tenants" }).click();
  await page.getByLabel("Search by name or slug").fill("dem");
  await expect(page.getByTestId("tenant-row")).toHaveCount(1);
  await shot(page, "02-tenants");
  await page.getByRole("link", { name: "Demo" }).click();
  await expect(page.getByRole("heading", { name: "Demo" })).toBeVisible();
  const balance = page.getByTestId("tenant-balance");
  await expect(balance).toHaveText(/^\$\d/);
  const before = micros(await balance.textContent());
  await shot(page, "03-tenant-detail");

  // The reason is required: refused with a clear message, nothing posted.
  await page.getByRole("button", { name: "Credit or debit" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Amount (USD)").fill("2");
  await dialog.getByRole("button", { name: "Post entry" }).click();
  await expect(dialog.getByText("A reason is required")).toBeVisible();
  await shot(page, "04-credit-reason-required");
  await dialog.getByLabel("Reason").fill("e2e goodwill credit");
  await dialog.getByRole("button", { name: "Post entry" }).click();
  await expect(dialog.getByTestId("credit-posted")).toContainText("Posted +$2.00");
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();

  await expect.poll(async () => micros(await balance.textContent()) - before).toBe(2_000_000n);
  const newest = page.getByTestId("ledger-row").first();
  await expect(newest).toContainText("+$2.00");
  await expect(newest).toContainText("e2e goodwill credit");
  await shot(page, "05-tenant-credited");

  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  const entry = page.getByTestId("audit-row").first();
  await expect(entry).toContainText("ledger.grant");
  await expect(entry).toContainText("admin@relay.local");
  await expect(entry).toContainText("Credited $2.00: e2e goodwill credit");
  await expect(entry).toContainText("Demo");
  await shot(page, "06-audit-log");

  // Phone width.
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "07-audit-log-phone");
  await page.getByTestId("audit-row").first().getByRole("link", { name: "Demo" }).click();
  await expect(page.getByTestId("tenant-balance")).toBeVisible();
  await shot(page, "08-tenant-phone");

  // Chinese.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole("button", { name: "切换到中文" }).click();
  await expect(page.getByRole("button", { name: "加款或扣款" })).toBeVisible();
  await shot(page, "09-tenant-zh");
  await page.getByRole("link", { name: "审计日志" }).click();
  await expect(page.getByRole("heading", { name: "审计日志" })).toBeVisible();
  await shot(page, "10-audit-zh");
  await page.getByRole("link", { name: "数据概览" }).click();
  await expect(page.getByRole("heading", { name: "平台数据概览" })).toBeVisible();
  await shot(page, "11-dashboard-zh");
});
