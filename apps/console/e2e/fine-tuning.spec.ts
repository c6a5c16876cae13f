// Files and fine-tuning in the browser: a developer uploads a training file and fine-tunes
// gpt-4o-mini with the official `openai` client, then sees the file, the job (succeeded, its
// trained tokens and exact cost) and the storage it takes on the Files & fine-tuning page, in
// English and Chinese; the operator sets gpt-4o-mini's fine-tuning prices on its page.
// Screenshots go to e2e/screenshots/fine-tuning-*.png.
import { expect, test } from "@playwright/test";
import { createDb } from "@relay/db";
import { createApiKey, creditTenant } from "@relay/services";
import OpenAI, { toFile } from "openai";
import { platform } from "./platform.ts";
import { screenshots, signIn, signUp, usd } from "./steps.ts";

const stack = platform();
const shot = screenshots("fine-tuning-");

const line = JSON.stringify({
  messages: [
    { role: "user", content: "Where is my invoice?" },
    { role: "assistant", content: "Billing, then Receipts." },
  ],
});

test("a developer sees its files and fine-tuning jobs; the operator prices fine-tuning", async ({
  page,
  browser,
}) => {
  // next dev compiles each page on first visit, on CPUs shared with other work.
  test.setTimeout(480_000);
  const stamp = Date.now();
  await signUp(page, {
    name: "Fay Tuner",
    company: `Tuners ${stamp}`,
    email: `ft-${stamp}@example.com`,
  });
  const slug = new URL(page.url()).pathname.split("/").at(-1) ?? "";

  const db = createDb(stack.databaseUrl, { max: 1 });
  const ctx = { db, actor: { label: "e2e" } };
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug } });
  await creditTenant({ ctx, input: { tenant: tenant.id, amount: 5_000_000n, reason: "e2e" } });
  const { secret } = await createApiKey({
    ctx,
    input: { tenant: tenant.id, name: "tuning", allowedModels: [], allowedIps: [] },
  });

  const client = new OpenAI({ apiKey: secret, baseURL: stack.proxyUrl });
  const file = await client.files.create({
    file: await toFile(Buffer.from(`${line}\n${line}\n`), "invoices.jsonl"),
    purpose: "fine-tune",
  });
  const job = await client.fineTuning.jobs.create({
    model: "gpt-4o-mini",
    training_file: file.id,
    hyperparameters: { n_epochs: 2 },
  });
  let done = await client.fineTuning.jobs.retrieve(job.id);
  for (let i = 0; i < 3 && done.status !== "succeeded"; i++) {
    done = await client.fineTuning.jobs.retrieve(job.id);
  }
  expect(done.status).toBe("succeeded");
  const row = await db.upstreamObject.findFirstOrThrow({ where: { upstreamId: job.id } });
  await db.$disconnect();
  const cost = usd(row.charged ?? -1n);

  await page.getByRole("link", { name: "Files & fine-tuning" }).click();
  // The page's first visit compiles it.
  await page.waitForURL(/\/fine-tuning$/, { timeout: 120_000 });
  await expect(page.getByRole("heading", { name: "Files & fine-tuning" })).toBeVisible({
    timeout: 120_000,
  });
  const jobRow = page.getByTestId("job-row");
  await expect(jobRow).toHaveCount(1);
  await expect(jobRow).toContainText(job.id);
  await expect(jobRow).toContainText("Succeeded");
  await expect(jobRow).toContainText((done.trained_tokens ?? 0).toLocaleString("en"));
  await expect(jobRow).toContainText(cost);
  await expect(jobRow).toContainText(done.fine_tuned_model ?? "ft:");
  await expect(page.getByTestId("file-row")).toContainText("invoices.jsonl");
  await expect(page.getByTestId("storage-used")).toContainText("of 1 GiB");
  await shot(page, "01-developer");
  await page.getByRole("button", { name: "切换到中文" }).click();
  await expect(page.getByRole("heading", { name: "文件与微调" })).toBeVisible();
  await expect(jobRow).toContainText("已完成");
  await shot(page, "02-developer-zh");
  await page.getByRole("button", { name: "Switch to English" }).click();
  await expect(page.getByRole("button", { name: "切换到中文" })).toBeVisible();

  const operator = await (await browser.newContext()).newPage();
  await signIn(operator, "admin@relay.local", "relay-admin", "/operator/fine-tuning");
  await operator.waitForURL((url) => url.pathname === "/operator/fine-tuning", {
    timeout: 120_000,
  });
  const mini = operator.getByTestId("ft-price-row").filter({ hasText: "gpt-4o-mini" }).first();
  await expect(mini).toContainText("$3.00");
  await expect(mini).toContainText("Default");
  await mini.getByRole("button", { name: "Edit" }).click();
  await operator.getByLabel("Training / 1M").fill("2.5");
  await operator.getByRole("button", { name: "Save" }).first().click();
  await expect(operator.getByRole("status")).toHaveText("Saved");
  await expect(mini).toContainText("$2.50");
  await expect(mini).toContainText("Set by you");
  await shot(operator, "03-operator-prices");
});
