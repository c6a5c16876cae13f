// The console as its users live in it: the low-balance banner follows the workspace's threshold
// and links to Billing; the balance history folds a day's calls into one row; a suspended
// workspace's keys read Suspended; every developer page fits a 390 px phone with no clipped text;
// an operator picks a tenant's slug, is told the credit reason is shown and sees what was posted,
// reads the audit log as sentences, serves models a channel test found, copies codes, and shows
// money in CNY with the exact USD on hover. Screenshots go to e2e/screenshots/fixes-*.png.
import { expect, type Page, test } from "@playwright/test";
import { createDb } from "@relay/db";
import { createApiKey, creditTenant, setTenantStatus } from "@relay/services";
import OpenAI from "openai";
import { platform } from "./platform.ts";
import { screenshots, signIn } from "./steps.ts";

const stack = platform();
const shot = screenshots("fixes-");

/** Text a reader cannot see whole: cut off by its box (no ellipsis) or past the screen's edge. */
async function clippedText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const element of Array.from(document.body.querySelectorAll<HTMLElement>("*"))) {
      const own = Array.from(element.childNodes)
        .filter((node) => node.nodeType === Node.TEXT_NODE)
        .map((node) => node.textContent?.trim() ?? "")
        .join("");
      if (!own || element.closest("pre, [hidden], [aria-hidden='true']")) continue;
      const style = getComputedStyle(element);
      const rect = element.getBoundingClientRect();
      // Hidden, or visually hidden on purpose (sr-only labels are 1 px boxes).
      if (style.visibility === "hidden" || rect.width <= 1 || rect.height <= 1) continue;
      const cut =
        element.scrollWidth > element.clientWidth + 1 &&
        style.overflowX !== "visible" &&
        style.textOverflow !== "ellipsis";
      // Past the screen's edge, unless a scrolling box holds it (the reader can scroll to it).
      const scrolls = (node: HTMLElement | null): boolean =>
        node !== null &&
        node !== document.body &&
        (["auto", "scroll"].includes(getComputedStyle(node).overflowX) ||
          scrolls(node.parentElement));
      const offscreen =
        (rect.right > window.innerWidth + 1 || rect.left < -1) && !scrolls(element.parentElement);
      if (cut || offscreen) found.push(`${element.tagName.toLowerCase()}: ${own.slice(0, 40)}`);
    }
    if (document.documentElement.scrollWidth > window.innerWidth + 1) found.push("page scrolls");
    return found;
  });
}

test("developer: banner by threshold, history by day, phone width, suspended keys", async ({
  page,
  browser,
}) => {
  test.setTimeout(600_000);
  const email = `fixes-${Date.now()}@example.com`;
  // Signed up through the form, with room for the first compile of the console's pages.
  await page.goto(`${stack.consoleUrl}/sign-up`);
  await page.getByLabel("Your name").fill("Fix Tester");
  await page.getByLabel(/Company or project/).fill(`Fixes ${Date.now()}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a-long-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/console\/[a-z0-9-]+$/, { timeout: 240_000 });
  const base = new URL(page.url()).pathname;
  const slug = base.split("/").at(-1) ?? "";

  // A new $0 workspace has no threshold: no warning.
  await expect(page.getByTestId("balance")).toHaveText("$0.00");
  await expect(page.getByTestId("low-balance")).toHaveCount(0);

  // With a threshold the banner appears, says it, and leads to Billing.
  await page.goto(`${stack.consoleUrl}${base}/settings`);
  await page.getByLabel("Alert when the balance falls below (USD)").fill("1.5");
  await page.getByRole("button", { name: "Save", exact: true }).first().click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  await page.goto(`${stack.consoleUrl}${base}`);
  const banner = page.getByTestId("low-balance");
  await expect(banner).toContainText("below the $1.50 you set in Settings");
  await shot(page, "01-low-balance");
  await banner.getByRole("link", { name: "Top up in Billing" }).click();
  await page.waitForURL(new RegExp(`${base}/billing$`));

  // A credit and two calls: the credit is its own row, the calls one row for today.
  const db = createDb(stack.databaseUrl, { max: 1 });
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug } });
  const ctx = { db, actor: { label: "e2e" } };
  await creditTenant({
    ctx,
    input: { tenant: tenant.id, amount: 5_000_000n, reason: "e2e credit" },
  });
  const { secret } = await createApiKey({
    ctx,
    input: { tenant: tenant.id, name: "e2e", allowedModels: [], allowedIps: [] },
  });
  const client = new OpenAI({ apiKey: secret, baseURL: stack.proxyUrl });
  for (const content of ["one", "two"]) {
    await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content }],
    });
  }
  // Settlements are written in batches: wait for both usage entries.
  await expect
    .poll(() => db.ledgerEntry.count({ where: { tenantId: tenant.id, kind: "USAGE" } }), {
      timeout: 30_000,
    })
    .toBe(2);
  await page.reload();
  await expect(page.getByTestId("ledger-row").filter({ hasText: "e2e credit" })).toContainText(
    "+$5.00",
  );
  const day = page.getByTestId("ledger-usage-day");
  await expect(day).toHaveCount(1);
  await expect(day).toContainText("API usage · 2 calls");
  await day.getByRole("button", { name: /Show calls/ }).click();
  await expect(page.getByTestId("ledger-usage-calls").locator("li")).toHaveCount(2);
  await shot(page, "02-history-by-day");

  // Every developer page at phone width: screenshots, and no text cut off.
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    storageState: await page.context().storageState(),
  });
  const small = await phone.newPage();
  await small.goto(`${stack.consoleUrl}${base}`);
  const nav = small.getByRole("navigation");
  const hrefs = await nav
    .getByRole("link")
    .evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
  expect(hrefs.length).toBeGreaterThanOrEqual(7);
  for (const href of hrefs) {
    await small.goto(`${stack.consoleUrl}${href}`);
    await expect(small.getByRole("heading", { level: 1 })).toBeVisible({ timeout: 90_000 });
    await small.waitForLoadState("networkidle");
    const name = href === base ? "overview" : (href.split("/").at(-1) ?? "page");
    await shot(small, `phone-${name}`);
    expect(await clippedText(small), `clipped text on ${href}`).toEqual([]);
  }
  // The usage log is cards on a phone, each with its model and price.
  await small.goto(`${stack.consoleUrl}${base}/usage`);
  await expect(small.getByTestId("usage-card")).toHaveCount(2);
  await expect(small.getByTestId("usage-card").first()).toContainText("gpt-4o-mini");
  // A new key's snippet: the Copy button sits beside the code, not over it.
  await small.goto(`${stack.consoleUrl}${base}/keys`);
  await small.getByRole("button", { name: "Create key" }).first().click();
  await small.getByLabel("Name").fill("phone");
  await small.getByRole("dialog").getByRole("button", { name: "Create key" }).click();
  const code = small.getByRole("dialog").locator("pre");
  await expect(code).toBeVisible();
  const copy = small.getByRole("dialog").getByRole("button", { name: "Copy" }).last();
  const [codeBox, copyBox] = [await code.boundingBox(), await copy.boundingBox()];
  expect(codeBox && copyBox && copyBox.y + copyBox.height <= codeBox.y).toBe(true);
  await shot(small, "phone-snippet");
  await phone.close();

  // Suspended: every key reads Suspended and no key can be created.
  await setTenantStatus({
    ctx,
    input: { tenantId: tenant.id, status: "SUSPENDED", reason: "e2e suspension" },
  });
  await db.$disconnect();
  await page.goto(`${stack.consoleUrl}${base}/keys`);
  await expect(page.getByTestId("api-key-status").first()).toHaveText("Suspended");
  await expect(page.getByRole("button", { name: "Create key" }).first()).toBeDisabled();
  await shot(page, "03-suspended-keys");
});

test("operator: slug, credit notice, readable audit, offered models, code copy, CNY", async ({
  page,
}) => {
  test.setTimeout(600_000);
  const db = createDb(stack.databaseUrl, { max: 1 });
  try {
    await signIn(page, "admin@relay.local", "relay-admin", "/operator/tenants");
    await page.waitForURL(/\/operator\/tenants$/, { timeout: 120_000 });

    // The slug is chosen at creation; a malformed one is refused before anything is sent.
    const slug = `chosen-${Date.now()}`;
    await page.getByRole("button", { name: "New tenant" }).first().click();
    const create = page.getByRole("dialog");
    await create.getByLabel("Name", { exact: true }).fill("Chosen Co");
    await create.getByLabel("Slug").fill("Not A Slug");
    await expect(create.getByText("Use lowercase letters")).toBeVisible();
    await create.getByLabel("Slug").fill(slug);
    await create.getByRole("button", { name: "New tenant" }).click();
    await page.waitForURL(/\/operator\/tenants\/[0-9a-f-]{36}$/, { timeout: 60_000 });
    const tenant = await db.tenant.findUniqueOrThrow({ where: { slug } });
    expect(page.url()).toContain(tenant.id);

    // The credit dialog says the reason is shown, and confirms what was posted.
    await page.getByRole("button", { name: "Credit or debit" }).click();
    const credit = page.getByRole("dialog");
    await expect(credit).toContainText("The tenant's members see this reason");
    await credit.getByLabel("Amount (USD)").fill("2");
    await credit.getByLabel("Reason").fill("e2e welcome credit");
    await credit.getByRole("button", { name: "Post entry" }).click();
    await expect(credit.getByTestId("credit-posted")).toHaveText(
      "Posted +$2.00. Balance now $2.00.",
    );
    await shot(page, "04-credit-posted");
    await credit.getByRole("button", { name: "Done" }).click();
    await expect(credit).toBeHidden();

    // The audit log reads as a sentence with money formatted, never raw micro-dollars.
    await page.goto(`${stack.consoleUrl}/operator/audit`);
    const entry = page.getByTestId("audit-row").first();
    await expect(entry).toContainText("Credited $2.00: e2e welcome credit");
    await expect(entry).not.toContainText("2000000");
    await shot(page, "05-audit-readable");

    // A channel test offers the upstream's models the channel does not serve yet.
    const seeded = await db.channel.findFirstOrThrow({ where: { name: "Simulated upstream" } });
    await page.goto(`${stack.consoleUrl}/operator/channels`);
    await page.getByRole("button", { name: "Add channel" }).click();
    const add = page.getByRole("dialog");
    await add.getByLabel("Name", { exact: true }).fill("Fixes upstream");
    await add.getByLabel("Base URL").fill(seeded.baseUrl);
    await add.getByLabel("API key").fill("sk-fixes-upstream-0000");
    await add.getByLabel("Models served").fill("gpt-4o-mini");
    await add.getByRole("button", { name: "Save" }).click();
    await expect(add).toBeHidden();
    const row = page.getByTestId("channel-row").filter({ hasText: "Fixes upstream" });
    await row.getByRole("button", { name: "Test" }).click();
    const offered = row.getByTestId("upstream-models");
    await expect(offered.getByRole("button", { name: "gpt-4.1-nano" })).toBeVisible();
    await expect(offered.getByRole("button", { name: "gpt-4o-mini", exact: true })).toHaveCount(0);
    await offered.getByRole("button", { name: "gpt-4.1-nano" }).click();
    await shot(page, "06-channel-models-offered");
    await offered.getByRole("button", { name: "Add 1 to Models served" }).click();
    const edit = page.getByRole("dialog");
    await expect(edit.getByLabel("Models served")).toHaveValue("gpt-4o-mini\ngpt-4.1-nano");
    await edit.getByRole("button", { name: "Cancel" }).click();

    // Codes: the copy button puts the code on the clipboard.
    await page.goto(`${stack.consoleUrl}/operator/codes`);
    await page.getByRole("button", { name: "Generate batch" }).first().click();
    const codes = page.getByRole("dialog");
    await codes.getByLabel("Amount per code (USD)").fill("1");
    await codes.getByLabel("How many (up to 1000)").fill("1");
    await codes.getByRole("button", { name: "Generate batch" }).click();
    const codeRow = page.getByTestId("code-row").first();
    const code = ((await codeRow.getByTestId("code-value").textContent()) ?? "").trim();
    await codeRow.getByRole("button", { name: "Copy" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
    await expect(codeRow.getByRole("button", { name: "Copied" })).toBeVisible();

    // Display currency: USD by default for English, CNY for the Chinese UI once a rate is set.
    await page.goto(`${stack.consoleUrl}/operator/payments`);
    const card = page.getByTestId("display-currency");
    await card.getByLabel("CNY per USD").fill("7.2");
    await card.getByRole("button", { name: "Save" }).click();
    await expect(card.getByRole("status")).toHaveText("Saved");
    await page.goto(`${stack.consoleUrl}/operator/tenants/${tenant.id}`);
    await expect(page.getByTestId("tenant-balance")).toHaveText("$2.00");
    await page.context().addCookies([{ name: "lang", value: "zh", url: stack.consoleUrl }]);
    await page.reload();
    const balance = page.getByTestId("tenant-balance");
    await expect(balance).toHaveText("¥14.40");
    await expect(balance.locator("span[title]")).toHaveAttribute("title", "$2.00");
    await shot(page, "07-cny-balance");
  } finally {
    // Later specs expect the default: USD everywhere, English.
    await db.setting.deleteMany({ where: { key: "display_currency" } });
    await page.context().clearCookies({ name: "lang" });
    await db.$disconnect();
  }
});
