// What developers look for: a failed call in Usage with its error (and in the Failed filter), the
// models page at the workspace's own prices, a playground call charged and listed, and the
// quickstart's snippets; each new page photographed in English and Chinese.
import { expect, test } from "@playwright/test";
import { createDb } from "@relay/db";
import { createApiKey, creditTenant } from "@relay/services";
import OpenAI from "openai";
import { usdScaled } from "../src/lib/rate.ts";
import { platform } from "./platform.ts";
import { screenshots, signUp, usd } from "./steps.ts";

const stack = platform();
const shot = screenshots("developer-pages-");

test("failed calls in Usage, models at the workspace's prices, playground, quickstart", async ({
  page,
}) => {
  // Eight pages, each compiled on its first visit by the dev server `pnpm start` runs.
  test.setTimeout(360_000);
  const run = Date.now().toString(36);
  await signUp(page, { name: "Ada", company: `Pages ${run}`, email: `pages-${run}@example.com` });
  const base = page.url();
  const slug = base.split("/console/")[1] ?? "";
  const db = createDb(stack.databaseUrl, { max: 1 });
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug } });
  const group = await db.priceGroup.create({
    data: { name: `Partners ${run}`, multiplierPpm: 1_200_000 },
  });
  await db.tenant.update({ where: { id: tenant.id }, data: { priceGroupId: group.id } });
  const ctx = { db, actor: { label: "e2e" } };
  await creditTenant({ ctx, input: { tenant: tenant.id, amount: 5_000_000n, reason: "e2e" } });
  const { secret } = await createApiKey({
    ctx,
    input: { tenant: tenant.id, name: "pages", allowedModels: [], allowedIps: [] },
  });
  const settled = async (count: number) => {
    for (let i = 0; i < 50; i++) {
      const records = await db.usageRecord.findMany({
        where: { tenantId: tenant.id },
        orderBy: { createdAt: "asc" },
      });
      if (records.length >= count) return records;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`fewer than ${count} usage records`);
  };

  // A call for a model that does not exist: refused, free, and in Usage with its error.
  const client = new OpenAI({ apiKey: secret, baseURL: stack.proxyUrl, maxRetries: 0 });
  const refused = await client.chat.completions
    .create({ model: "gpt-imaginary", messages: [{ role: "user", content: "hi" }] })
    .catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(OpenAI.NotFoundError);
  await settled(1);
  await page.goto(`${base}/usage`);
  await page.getByLabel("Status").selectOption("failed");
  const failedRow = page.getByTestId("usage-row");
  await expect(failedRow).toHaveCount(1);
  await expect(failedRow).toContainText("404");
  await expect(failedRow.getByTestId("usage-error")).toContainText("model_not_found");
  await expect(failedRow.getByTestId("usage-error")).toContainText(
    "The model 'gpt-imaginary' does not exist",
  );
  await expect(failedRow.getByTestId("usage-price")).toHaveText(usd(0n));
  await shot(page, "usage-failed-en");
  await failedRow.getByRole("link").click();
  await expect(page.getByTestId("detail-error-message")).toContainText("gpt-imaginary");
  await expect(page.getByText("Failed calls are not charged.")).toBeVisible();

  // The models page: the list price times the partner group's 1.2.
  const sale = await db.modelPrice.findUniqueOrThrow({
    where: { modelId_scope: { modelId: "gpt-4o-mini", scope: "SALE" } },
  });
  await page.goto(`${base}/models`);
  await expect(page.getByTestId("models-price-group")).toContainText(`Partners ${run}`);
  await expect(page.getByTestId("models-price-group")).toContainText("120%");
  const mini = page.locator('[data-testid="model-row"][data-model="gpt-4o-mini"]');
  await expect(mini.getByTestId("model-input")).toHaveText(usdScaled(sale.inputPerMTok, 1_200_000));
  await expect(mini.getByTestId("model-output")).toHaveText(
    usdScaled(sale.outputPerMTok, 1_200_000),
  );
  await shot(page, "models-en");

  // The playground: streamed, charged to the workspace, listed in Usage.
  await page.goto(`${base}/playground`);
  await page.getByTestId("playground-key").fill(secret);
  await page.getByTestId("playground-model").selectOption("gpt-4o-mini");
  await page.getByTestId("playground-system").fill("You are terse.");
  await page.getByTestId("playground-max-tokens").fill("40");
  await page.getByTestId("playground-input").fill("Say hello to the playground");
  await page.getByTestId("playground-send").click();
  await expect(page.getByTestId("playground-assistant")).toHaveCount(1, { timeout: 30_000 });
  await expect(page.getByTestId("playground-last")).toContainText("completion tokens");
  await shot(page, "playground-en");
  const [, served] = await settled(2);
  expect(served?.status).toBe(200);
  expect(served?.price).toBeGreaterThan(0n);
  const after = await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } });
  expect(after.balance).toBe(5_000_000n - (served?.price ?? 0n));
  await page.getByTestId("playground-last").getByRole("link").click();
  await expect(page.getByTestId("detail-price")).toHaveText(usd(served?.price ?? 0n));
  await expect(page.getByTestId("detail-pricing")).toContainText(`Partners ${run}`);
  await page.goto(`${base}/usage`);
  await page.getByLabel("Status").selectOption("ok");
  await expect(page.getByTestId("usage-row")).toHaveCount(1);
  await expect(page.getByTestId("usage-price")).toHaveText(usd(served?.price ?? 0n));

  // The quickstart: base URL, the key's prefix, the four styles and the balance endpoint.
  await page.goto(`${base}/quickstart`);
  await expect(page.getByTestId("quickstart-base-url")).toHaveText(stack.proxyUrl);
  await expect(page.getByTestId("quickstart-export")).toContainText(secret.slice(0, 13));
  await expect(page.getByTestId("quickstart-snippet")).toContainText(
    `curl ${stack.proxyUrl}/chat/completions`,
  );
  await page.getByRole("tab", { name: "Python" }).click();
  await expect(page.getByTestId("quickstart-snippet")).toContainText(
    `OpenAI(base_url="${stack.proxyUrl}"`,
  );
  await page.getByRole("tab", { name: "Node.js" }).click();
  await expect(page.getByTestId("quickstart-snippet")).toContainText("process.env.RELAY_API_KEY");
  await page.getByRole("tab", { name: /Legacy/ }).click();
  await expect(page.getByTestId("quickstart-snippet")).toContainText('"api_secret_key"');
  await expect(page.getByTestId("quickstart-snippet")).not.toContainText("Authorization");
  await page.getByRole("tab", { name: "Balance" }).click();
  await expect(page.getByTestId("quickstart-snippet")).toContainText(
    `${stack.proxyUrl}/dashboard/billing/subscription`,
  );
  await shot(page, "quickstart-en");

  // In Chinese.
  await page.getByRole("button", { name: "切换到中文" }).click();
  await expect(page.getByRole("heading", { name: "快速开始" })).toBeVisible();
  await shot(page, "quickstart-zh");
  await page.goto(`${base}/models`);
  await expect(page.getByRole("heading", { name: "模型与价格" })).toBeVisible();
  await shot(page, "models-zh");
  await page.goto(`${base}/playground`);
  await expect(page.getByRole("heading", { name: "调试台" })).toBeVisible();
  await shot(page, "playground-zh");
  await page.goto(`${base}/usage`);
  await expect(page.getByTestId("usage-error")).toContainText("model_not_found");
  await shot(page, "usage-failed-zh");
  await db.$disconnect();
});
