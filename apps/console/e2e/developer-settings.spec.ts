// The developer area beyond the first key: an owner tightens a key's RPM to 1 and the proxy
// enforces it at once (the edit is pg_notify'd), opens a request's detail and exports the log,
// reads the ledger on the billing page, and invites a second person, who signs up, opens the
// link and becomes a developer member. English, Chinese and phone width, with screenshots.
import { expect, test } from "@playwright/test";
import { createDb } from "@relay/db";
import { creditTenant } from "@relay/services";
import { platform } from "./platform.ts";
import { screenshots, signUp } from "./steps.ts";

const stack = platform();
const shot = screenshots();

/** One chat call with the key, no client retries: the status the proxy answered. */
async function call(key: string): Promise<number> {
  const response = await fetch(`${stack.proxyUrl}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }),
  });
  await response.arrayBuffer();
  return response.status;
}

test("key limits, request detail, CSV, billing history, settings and an invitation", async ({
  page,
  browser,
}) => {
  const stamp = Date.now();
  await signUp(page, {
    name: "Ada Owner",
    company: "Owner Labs",
    email: `owner-${stamp}@example.com`,
  });
  const base = page.url();
  const db = createDb(stack.databaseUrl, { max: 1 });
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: "owner-labs" } });
  await creditTenant({
    ctx: { db, actor: { label: "e2e" } },
    input: { tenant: tenant.id, amount: 5_000_000n, reason: "e2e credit" },
  });

  // A key, used once (so the proxy has it cached), then limited to 1 request a minute.
  await page.goto(`${base}/keys`);
  await page.getByRole("button", { name: "Create key" }).first().click();
  await page.getByLabel("Name").fill("limited");
  await page.getByRole("dialog").getByRole("button", { name: "Create key" }).click();
  const key = ((await page.getByTestId("new-api-key").textContent()) ?? "").trim();
  expect(key).toMatch(/^sk-relay-/);
  await page.getByRole("button", { name: "I have copied it" }).click();
  expect(await call(key)).toBe(200);

  await page.getByRole("button", { name: "Edit" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Allowed IPs or CIDR blocks").fill("not-an-ip");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByText('"not-an-ip" is not an IP address or CIDR block')).toBeVisible();
  await shot(page, "dev-01-edit-key-invalid");
  await dialog.getByLabel("Allowed IPs or CIDR blocks").fill("");
  await dialog.getByLabel("Requests per minute").fill("1");
  await dialog.getByLabel("Budget (USD)").fill("2.50");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.getByTestId("api-key-row")).toContainText("1 req/min");
  await expect(page.getByTestId("api-key-row")).toContainText("$2.50");
  await shot(page, "dev-02-keys-limited");

  // Two quick calls: the limit reached the proxy without a restart, the second is refused.
  await call(key);
  expect(await call(key)).toBe(429);

  // Disable and enable again.
  await page.getByRole("button", { name: "Disable" }).click();
  await expect(page.getByTestId("api-key-row")).toContainText("Disabled");
  await page.getByRole("button", { name: "Enable" }).click();
  await expect(page.getByTestId("api-key-row")).toContainText("Active");
  const audit = await db.auditLog.findMany({
    where: { tenantId: tenant.id, targetType: "api_key" },
    orderBy: { createdAt: "asc" },
  });
  expect(audit.map((row) => row.action)).toEqual([
    "api_key.create",
    "api_key.update",
    "api_key.disable",
    "api_key.enable",
  ]);

  // The first call's detail page: price, tokens, timing; never the upstream cost.
  let records = await db.usageRecord.findMany({ where: { tenantId: tenant.id, status: 200 } });
  for (let i = 0; i < 50 && records.length < 1; i++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    records = await db.usageRecord.findMany({ where: { tenantId: tenant.id, status: 200 } });
  }
  const record = records[0];
  if (!record) throw new Error("no usage record");
  await page.goto(`${base}/usage`);
  await page.getByRole("link", { name: record.requestId }).click();
  await expect(page.getByTestId("detail-request-id")).toHaveText(record.requestId);
  const price = `$0.${record.price.toString().padStart(6, "0")}`;
  await expect(page.getByTestId("detail-price")).toHaveText(price);
  await expect(page.getByText("Time to first byte")).toBeVisible();
  await shot(page, "dev-03-request-detail");
  await page.goto(`${base}/usage/no-such-request`);
  await expect(page.getByText("No such request")).toBeVisible();

  // CSV export of the log: UTF-8 with a BOM, a header, one line per request.
  await page.goto(`${base}/usage`);
  const href = (await page.getByTestId("usage-export").getAttribute("href")) ?? "";
  const csv = await page.request.get(`${stack.consoleUrl}${href}`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const bytes = await csv.body();
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.toString("utf8").slice(1).trim().split("\r\n");
  expect(lines[0]).toMatch(/^time_utc,request_id,api_key/);
  const logged = await db.usageRecord.count({ where: { tenantId: tenant.id } });
  expect(lines).toHaveLength(logged + 1);
  expect(lines.join("\n")).toContain(record.requestId);
  // Another workspace's export is not found, not empty.
  const stranger = await page.request.get(`${stack.consoleUrl}/console/demo/usage/export`);
  expect(stranger.status()).toBe(404);

  // Billing: the credit is in the history with the balance after it.
  await page.goto(`${base}/billing`);
  const credit = page.getByTestId("ledger-row").filter({ hasText: "e2e credit" });
  await expect(credit).toContainText("+$5.00");
  await expect(credit).toContainText("Credit");
  await expect(page.getByRole("heading", { name: "Redeem a code" })).toBeVisible();
  await shot(page, "dev-04-billing");

  // Settings: the alert, then an invitation link for a developer.
  await page.goto(`${base}/settings`);
  await page.getByLabel("Alert when the balance falls below (USD)").fill("1.5");
  await page.getByLabel("Send the alert to").fill("ops@owner-labs.example");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved");
  const saved = await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } });
  expect([saved.lowBalanceThreshold, saved.lowBalanceEmail]).toEqual([
    1_500_000n,
    "ops@owner-labs.example",
  ]);
  const secondEmail = `second-${stamp}@example.com`;
  await page.getByLabel("Email", { exact: true }).fill(secondEmail);
  await page.getByRole("button", { name: "Create invitation link" }).click();
  const link = ((await page.getByTestId("invite-link").textContent()) ?? "").trim();
  expect(link).toMatch(/\/invite\/[\w-]{40,}$/);
  await shot(page, "dev-05-settings-invite");

  // The second person signs up on their own, then opens the link.
  const other = await browser.newContext();
  const second = await other.newPage();
  await signUp(second, { name: "Bob Second", company: "Second Co", email: secondEmail });
  await second.goto(link);
  await shot(second, "dev-06-invite");
  await second.getByRole("button", { name: "Accept invitation" }).click();
  await second.waitForURL(/\/console\/owner-labs$/);
  await second.goto(link);
  await second.getByRole("button", { name: "Accept invitation" }).click();
  await expect(second.getByText("This invitation has already been used.")).toBeVisible();
  await expect(second.getByRole("link", { name: "Back to the console" })).toBeVisible();
  await shot(second, "dev-07-invite-used");
  await second.goto(`${stack.consoleUrl}/console/owner-labs/settings`);
  await expect(second.getByText("Only owners and admins can change these settings.")).toBeVisible();
  await other.close();

  // A second invitation, withdrawn before it is used: its link stops working.
  const thirdEmail = `third-${stamp}@example.com`;
  await page.getByLabel("Email", { exact: true }).fill(thirdEmail);
  await page.getByRole("button", { name: "Create invitation link" }).click();
  await expect(page.getByTestId("invite-delivery")).toBeVisible();
  const withdrawn = ((await page.getByTestId("invite-link").textContent()) ?? "").trim();
  const pending = page.getByTestId("invitation-row").filter({ hasText: thirdEmail });
  await pending.getByRole("button", { name: `Revoke the invitation for ${thirdEmail}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke invitation" }).click();
  await expect(pending).toHaveCount(0);
  const outbox = await db.emailMessage.findMany({ where: { to: thirdEmail } });
  expect(outbox.map((mail) => [mail.kind, mail.text.includes(withdrawn)])).toEqual([
    ["invitation", true],
  ]);
  const late = await browser.newContext();
  const third = await late.newPage();
  await signUp(third, { name: "Cy Third", company: "Third Co", email: thirdEmail });
  await third.goto(withdrawn);
  await third.getByRole("button", { name: "Accept invitation" }).click();
  await expect(third.getByText("This invitation was withdrawn. Ask for a new link.")).toBeVisible();
  await shot(third, "dev-07b-invite-revoked");
  await late.close();

  await page.reload();
  const member = page.getByTestId("member-row").filter({ hasText: secondEmail });
  await expect(member.getByRole("combobox")).toHaveValue("DEVELOPER");
  await shot(page, "dev-08-members");

  // Chinese, then phone width.
  await page.getByRole("button", { name: "切换到中文" }).click();
  await expect(page.getByRole("heading", { name: "设置" })).toBeVisible();
  await shot(page, "dev-09-settings-zh");
  await page.goto(`${base}/billing`);
  await expect(page.getByRole("heading", { name: "余额明细" })).toBeVisible();
  await expect(page.getByTestId("billing-balance")).toBeVisible();
  await expect(page.getByTestId("ledger-row").first()).toBeVisible();
  await shot(page, "dev-10-billing-zh");
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    storageState: await page.context().storageState(),
  });
  const small = await phone.newPage();
  for (const [path, name] of [
    ["billing", "dev-11-billing-phone"],
    ["settings", "dev-12-settings-phone"],
    [`usage/${record.requestId}`, "dev-13-detail-phone"],
    ["keys", "dev-14-keys-phone"],
  ] as const) {
    await small.goto(`${base}/${path}`);
    await small.waitForLoadState("networkidle");
    await shot(small, name);
  }
  await phone.close();
  await db.$disconnect();
});
