// Account basics as people meet them: an invitation's "Create an account" joins the inviting
// workspace (and makes none of its own), a password reset through the emailed link ends the old
// session, two-factor enrollment and sign-in with a code computed from the shown secret, a deep
// link surviving sign-in, and the branded 404. Screenshots go to e2e/screenshots/account-*.png.
import { expect, type Page, test } from "@playwright/test";
import { createDb } from "@relay/db";
import { createInvitation, signUp, signUpInput } from "@relay/services";
import { generate } from "otplib";
import { platform } from "./platform.ts";
import { emailedLink, screenshots, signIn } from "./steps.ts";

const stack = platform();
const shot = screenshots("account-");

async function inChinese(page: Page, name: string): Promise<void> {
  await page.getByRole("button", { name: "切换到中文" }).click();
  await expect(page.getByRole("button", { name: "Switch to English" })).toBeVisible();
  await shot(page, name);
  await page.getByRole("button", { name: "Switch to English" }).click();
  await expect(page.getByRole("button", { name: "切换到中文" })).toBeVisible();
}

function person(db: ReturnType<typeof createDb>, email: string, name: string, company?: string) {
  return signUp({
    ctx: { db, actor: { label: "e2e" } },
    input: signUpInput.parse({ name, email, company, password: "the-old-password" }),
  });
}

test("an invitation's sign-up joins the inviting workspace", async ({ page }) => {
  const db = createDb(stack.databaseUrl, { max: 1 });
  const stamp = Date.now();
  try {
    const owner = await person(db, `olga-${stamp}@example.com`, "Olga Owner", `Acme ${stamp}`);
    const { token } = await createInvitation({
      ctx: { db, actor: { userId: owner.user.id, label: owner.user.email } },
      input: { tenantId: owner.tenant.id, email: `ian-${stamp}@example.com`, role: "ADMIN" },
      mail: { from: "relay@example.com" },
    });

    await page.goto(`${stack.consoleUrl}/invite/${token}`);
    await expect(page.getByRole("heading", { name: `Join Acme ${stamp} on Relay` })).toBeVisible();
    await expect(page.getByText("Olga Owner invited you as an admin.")).toBeVisible();
    await shot(page, "01-invite");
    await inChinese(page, "02-invite-zh");

    await page.getByRole("link", { name: "Create an account" }).click();
    await expect(page.getByText(`Your account joins Acme ${stamp}.`)).toBeVisible();
    await page.getByLabel("Your name").fill("Ian Invited");
    await page.getByLabel("Email").fill(`ian-${stamp}@example.com`);
    await page.getByLabel("Password").fill("a-long-password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(`${stack.consoleUrl}/console/${owner.tenant.slug}`);

    const ian = await db.user.findUniqueOrThrow({ where: { email: `ian-${stamp}@example.com` } });
    const memberships = await db.membership.findMany({ where: { userId: ian.id } });
    expect(memberships.map((m) => [m.tenantId, m.role])).toEqual([[owner.tenant.id, "ADMIN"]]);
    expect(await db.tenant.count({ where: { name: "Ian Invited" } })).toBe(0);
  } finally {
    await db.$disconnect();
  }
});

test("a password reset through the emailed link ends the old session", async ({
  page,
  browser,
}) => {
  const db = createDb(stack.databaseUrl, { max: 1 });
  const email = `rita-${Date.now()}@example.com`;
  try {
    await person(db, email, "Rita Reset");
    // Signed in elsewhere before the reset.
    const elsewhere = await browser.newPage();
    await signIn(elsewhere, email, "the-old-password", "/console");
    await elsewhere.waitForURL(/\/console\/[a-z0-9-]+$/);

    await page.goto(`${stack.consoleUrl}/sign-in`);
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Email me a link" }).click();
    await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
    await shot(page, "03-forgot-sent");

    await page.goto(await emailedLink(email, "password_reset", "/reset-password/"));
    await shot(page, "04-reset");
    await inChinese(page, "05-reset-zh");
    await page.getByLabel("New password").fill("the-new-password");
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page.getByRole("heading", { name: "Password changed" })).toBeVisible();

    await elsewhere.reload();
    await elsewhere.waitForURL(/\/sign-in\?callbackUrl=/);
    await elsewhere.close();

    await signIn(page, email, "the-old-password", "/console");
    await expect(page.locator("form").getByRole("alert")).toHaveText(
      "That email and password do not match an account.",
    );
    await signIn(page, email, "the-new-password", "/console");
    await page.waitForURL(/\/console\/[a-z0-9-]+$/);
  } finally {
    await db.$disconnect();
  }
});

test("two-factor enrollment, then a deep link signs in with the code", async ({ page }) => {
  const db = createDb(stack.databaseUrl, { max: 1 });
  const email = `tom-${Date.now()}@example.com`;
  const codeAt = (secret: string, ms: number) => generate({ secret, epoch: Math.floor(ms / 1000) });
  try {
    const { tenant } = await person(db, email, "Tom Totp");

    // An empty form is stopped in the browser: nothing reaches the server.
    await page.goto(`${stack.consoleUrl}/sign-in`);
    await page.getByRole("button", { name: "Sign in" }).click();
    expect(
      await page.getByLabel("Email").evaluate((el: HTMLInputElement) => el.validity.valid),
    ).toBe(false);
    expect(await db.signInThrottle.count({ where: { key: `email:${email}` } })).toBe(0);

    await signIn(page, email, "the-old-password", "/account");
    await page.waitForURL(`${stack.consoleUrl}/account`);
    await page.getByRole("button", { name: "Set up two-factor" }).click();
    const secret = (await page.getByTestId("totp-secret").textContent()) ?? "";
    await shot(page, "06-two-factor-setup");
    // The step before now: the sign-in below then has a later step to use.
    await page
      .getByPlaceholder("Authentication code")
      .fill(await codeAt(secret, Date.now() - 30_000));
    await page.getByRole("button", { name: "Turn on" }).click();
    await expect(page.getByTestId("recovery-codes").locator("li")).toHaveCount(8);
    await shot(page, "07-recovery-codes");
    await page.context().clearCookies();

    // A signed-out deep link goes to sign-in and lands back on the page asked for.
    await page.goto(`${stack.consoleUrl}/console/${tenant.slug}/keys`);
    await page.waitForURL(/\/sign-in\?callbackUrl=/);
    expect(new URL(page.url()).searchParams.get("callbackUrl")).toBe(
      `/console/${tenant.slug}/keys`,
    );
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("the-old-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("form").getByRole("alert")).toHaveText(
      "Enter the code from your authenticator app.",
    );
    await shot(page, "08-sign-in-code");
    await inChinese(page, "09-sign-in-code-zh");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("the-old-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByLabel("Authentication code").fill(await codeAt(secret, Date.now()));
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${stack.consoleUrl}/console/${tenant.slug}/keys`);

    // Someone else's (or no) workspace: the branded page with the way back.
    await page.goto(`${stack.consoleUrl}/console/no-such-workspace-${Date.now()}`);
    await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
    await shot(page, "10-not-found");
    await inChinese(page, "11-not-found-zh");
    await page.getByRole("link", { name: "Back to your workspaces" }).click();
    await page.waitForURL(`${stack.consoleUrl}/console/${tenant.slug}`);
  } finally {
    await db.$disconnect();
  }
});
