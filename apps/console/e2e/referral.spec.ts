// Referral rewards in the browser: the operator turns on a 10% reward, a developer copies the
// invite link from the Invite page, someone signs up through it and tops up $20 through Checkout
// (the Stripe double), and the referrer's balance history shows the $2.00 reward, in English
// and in Chinese; the referred side sees whose invite it joined through, and the operator's list
// shows the reward. Screenshots go to e2e/screenshots/referral-*.png.
import { type Browser, expect, type Page, test } from "@playwright/test";
import { createDb } from "@relay/db";
import { platform } from "./platform.ts";
import { emailedLink, screenshots, signUp } from "./steps.ts";

const stack = platform();
const shot = screenshots("referral-");

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], {
    origin: stack.consoleUrl,
  });
  return context.newPage();
}

test("a top-up through an invite link earns the referrer its reward, in English and Chinese", async ({
  browser,
}) => {
  // next dev compiles each page on first visit, on CPUs shared with other work.
  test.setTimeout(480_000);
  const stamp = Date.now();

  // The operator's rule: 10% of each paid top-up, no cap.
  const operator = await newPage(browser);
  await operator.goto(`${stack.consoleUrl}/sign-in?callbackUrl=/operator/referrals`);
  await operator.getByLabel("Email").fill("admin@relay.local");
  await operator.getByLabel("Password").fill("relay-admin");
  await operator.getByRole("button", { name: "Sign in" }).click();
  await operator.waitForURL((url) => url.pathname === "/operator/referrals", { timeout: 120_000 });
  await operator.getByLabel("Pay referral rewards").check({ timeout: 90_000 });
  await operator.getByLabel("Reward (% of each paid top-up)").fill("10");
  await operator.getByRole("button", { name: "Save" }).click();
  await expect(operator.getByRole("status")).toHaveText("Saved");
  await shot(operator, "01-operator-rule");

  // The referrer copies its invite link.
  const referrer = await newPage(browser);
  await signUp(referrer, {
    name: "Rita Referrer",
    company: "Referrer Labs",
    email: `referrer-${stamp}@example.com`,
  });
  const referrerOverview = referrer.url();
  await referrer.getByRole("link", { name: "Invite" }).click();
  await referrer.waitForURL(/\/invite$/, { timeout: 120_000 });
  await expect(referrer.getByTestId("invite-rule")).toHaveText(
    "You earn 10% of every paid top-up of the workspaces you invite.",
    { timeout: 90_000 },
  );
  const link = (await referrer.getByTestId("invite-link").textContent()) ?? "";
  expect(link).toMatch(new RegExp(`^${stack.consoleUrl}/sign-up\\?ref=[0-9a-f]{12}$`));
  await referrer.getByRole("button", { name: "Copy" }).click();
  expect(await referrer.evaluate(() => navigator.clipboard.readText())).toBe(link);
  await expect(referrer.getByTestId("invite-signups")).toHaveText("0");
  await shot(referrer, "02-invite-page");

  // Someone signs up through it and tops up $20 by card.
  const referred = await newPage(browser);
  await referred.goto(link);
  await referred.getByLabel("Your name").fill("Ben Invited");
  await referred.getByLabel(/Company or project/).fill("Invited Co");
  await referred.getByLabel("Email").fill(`invited-${stamp}@example.com`);
  await referred.getByLabel("Password").fill("a-long-password");
  await referred.getByRole("button", { name: "Create account" }).click();
  await referred.waitForURL(/\/console\/[a-z0-9-]+$/, { timeout: 90_000 });
  // Topping up needs a verified email: follow the link the sign-up emailed, then come back.
  const referredOverview = referred.url();
  await referred.goto(
    await emailedLink(`invited-${stamp}@example.com`, "email_verification", "/verify-email/"),
  );
  await referred.goto(referredOverview);
  await referred.getByRole("link", { name: "Billing" }).click();
  await referred.waitForURL(/\/billing$/, { timeout: 120_000 });
  await expect(referred.getByTestId("referred-by")).toHaveText(
    "Joined through Referrer Labs's invite",
    { timeout: 90_000 },
  );
  await referred.getByTestId("topup-custom").fill("20");
  await referred.getByRole("button", { name: "Pay $20.00" }).click();
  await referred.waitForURL((url) => url.href.startsWith(`${stack.stripeUrl}/pay/`));
  await referred.getByLabel("card").check();
  await referred.getByRole("button", { name: "Pay", exact: true }).click();
  await referred.waitForURL(/\/billing\?topup=success&session=cs_test_/);
  await expect(referred.getByTestId("billing-balance")).toHaveText("$20.00");
  await shot(referred, "03-referred-billing");

  // The referrer's balance history: the reward, exactly 10% of $20.
  await referrer.goto(`${referrerOverview}/billing`);
  await expect(referrer.getByTestId("billing-balance")).toHaveText("$2.00");
  const reward = referrer.getByTestId("ledger-row").filter({ hasText: "Referral reward" });
  await expect(reward).toHaveCount(1);
  await expect(reward.getByTestId("ledger-amount")).toHaveText("+$2.00");
  await expect(reward).toContainText("Referral reward: 10% of Invited Co's top-up of $20.000000");
  await shot(referrer, "04-referrer-history");
  await referrer.getByRole("link", { name: "Invite" }).click();
  await expect(referrer.getByTestId("invite-signups")).toHaveText("1");
  await expect(referrer.getByTestId("invite-earned")).toHaveText("$2.00");

  // In Chinese.
  await referrer.getByRole("button", { name: "切换到中文" }).click();
  await expect(referrer.getByRole("heading", { name: "邀请", exact: true })).toBeVisible();
  await expect(referrer.getByTestId("invite-rule")).toHaveText(
    "你邀请的工作空间每次付费充值，你可获得充值金额的 10%。",
  );
  await referrer.getByRole("link", { name: "账单" }).click();
  await referrer.waitForURL(/\/billing$/, { timeout: 120_000 });
  const rewardZh = referrer.getByTestId("ledger-row").filter({ hasText: "推荐奖励" });
  await expect(rewardZh.getByTestId("ledger-amount")).toHaveText("+$2.00");
  await shot(referrer, "05-referrer-history-zh");
  await referred.getByRole("button", { name: "切换到中文" }).click();
  await expect(referred.getByTestId("referred-by")).toHaveText("通过 Referrer Labs 的邀请加入");
  await shot(referred, "06-referred-billing-zh");

  // The operator's list.
  await operator.reload();
  const row = operator.getByTestId("referral-reward-row").filter({ hasText: "Invited Co" });
  await expect(row).toContainText("Referrer Labs");
  await expect(row).toContainText("$20.00");
  await expect(row).toContainText("$2.00");
  await shot(operator, "07-operator-rewards");

  const db = createDb(stack.databaseUrl, { max: 1 });
  try {
    const slug = new URL(referrerOverview).pathname.split("/").at(-1) ?? "";
    const tenant = await db.tenant.findUniqueOrThrow({ where: { slug } });
    const entries = await db.ledgerEntry.findMany({ where: { tenantId: tenant.id } });
    expect(entries.map((entry) => [entry.kind, entry.amount])).toEqual([["REFERRAL", 2_000_000n]]);
  } finally {
    await db.$disconnect();
  }
});
