// The sign-in and sign-up guards as a visitor meets them: a "/\" callbackUrl lands on the console,
// not on another host; after five wrong passwords even the right one is refused with the minutes
// to wait (English and Chinese); signing up with a taken email says to check the inbox, and the
// owner gets the notice. Screenshots go to e2e/screenshots/auth-*.png.
import { expect, test } from "@playwright/test";
import { createDb } from "@relay/db";
import { signUp, signUpInput } from "@relay/services";
import { platform } from "./platform.ts";
import { screenshots, signIn } from "./steps.ts";

const stack = platform();
const shot = screenshots("auth-");

test("open redirect refused, throttled sign-in, and a taken email at sign-up", async ({ page }) => {
  const db = createDb(stack.databaseUrl, { max: 1 });
  const stamp = Date.now();
  const email = `guarded-${stamp}@example.com`;
  const taken = `taken-${stamp}@example.com`;
  for (const address of [email, taken]) {
    await signUp({
      ctx: { db, actor: { label: "e2e" } },
      input: signUpInput.parse({
        name: "Gil Guarded",
        email: address,
        password: "the-right-password",
      }),
    });
  }

  try {
    // The callbackUrl Next decodes to "/\evil.example/x" is ignored: the console opens instead.
    await signIn(page, email, "the-right-password", "/\\evil.example/x");
    await page.waitForURL(/\/console\/[a-z0-9-]+$/);
    expect(new URL(page.url()).origin).toBe(new URL(stack.consoleUrl).origin);
    await page.context().clearCookies();

    // Five wrong passwords, then the right one is refused for the rest of the 15 minutes.
    for (let i = 0; i < 5; i++) {
      await signIn(page, email, `wrong-password-${i}`, "/console");
      await expect(page.locator("form").getByRole("alert")).toHaveText(
        "That email and password do not match an account.",
      );
    }
    await signIn(page, email, "the-right-password", "/console");
    await expect(page.locator("form").getByRole("alert")).toHaveText(
      /^Too many sign-in attempts\. Try again in 1[45] minutes\.$/,
    );
    await shot(page, "01-sign-in-throttled");
    await page.getByRole("button", { name: "切换到中文" }).click();
    await page.getByLabel("邮箱").fill(email);
    await page.getByLabel("密码").fill("the-right-password");
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page.locator("form").getByRole("alert")).toHaveText(
      /^登录尝试次数过多，请在 1[45] 分钟后重试。$/,
    );
    await shot(page, "02-sign-in-throttled-zh");
    await page.getByRole("button", { name: "Switch to English" }).click();
    // The language is a cookie the switch sets: wait for it before leaving the page.
    await expect(page.getByRole("button", { name: "切换到中文" })).toBeVisible();

    // Sign-up with the taken email: no "already registered", the inbox is the next step.
    await page.goto(`${stack.consoleUrl}/sign-up`);
    await page.getByLabel("Your name").fill("Someone Else");
    await page.getByLabel("Email").fill(taken);
    await page.getByLabel("Password").fill("another-long-password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
    await shot(page, "03-sign-up-taken-email");
    expect(await db.emailMessage.count({ where: { to: taken, kind: "sign_up_attempt" } })).toBe(1);
  } finally {
    await db.$disconnect();
  }
});
