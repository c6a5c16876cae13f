// The console as its users feel it, on the production build `pnpm start` serves: sign-up lands
// on a usable workspace in under 3 s, and every page is usable (its heading shown, nothing still
// loading) within 3 s on a first visit and within 1 s on a repeat visit.
import { expect, type Page, test } from "@playwright/test";
import { platform } from "./platform.ts";
import { signIn } from "./steps.ts";

const stack = platform();

const DEVELOPER_PAGES = [
  "",
  "/keys",
  "/usage",
  "/billing",
  "/models",
  "/playground",
  "/quickstart",
  "/invite",
  "/fine-tuning",
  "/settings",
];
const OPERATOR_PAGES = [
  "",
  "/tenants",
  "/channels",
  "/models",
  "/codes",
  "/payments",
  "/referrals",
  "/fine-tuning",
  "/audit",
  "/outbox",
];

/** Waits until the page shows its heading and no skeleton or busy region; returns the ms taken. */
async function usable(page: Page, startedAt: number): Promise<number> {
  await expect(page.locator("main h1").first()).toBeVisible({ timeout: 15_000 });
  await expect(page.locator("main .animate-pulse, main [aria-busy='true']")).toHaveCount(0, {
    timeout: 15_000,
  });
  return performance.now() - startedAt;
}

async function visit(page: Page, url: string): Promise<number> {
  const startedAt = performance.now();
  await page.goto(url);
  return usable(page, startedAt);
}

/** First and repeat visits of each page, with every timing printed beside the verdict. */
async function timePages(page: Page, base: string, paths: string[]): Promise<void> {
  const timings: string[] = [];
  for (const path of paths) {
    const first = await visit(page, `${base}${path}`);
    const repeat = await visit(page, `${base}${path}`);
    timings.push(`${path || "/"}: first ${first.toFixed(0)} ms, repeat ${repeat.toFixed(0)} ms`);
    expect.soft(first, `${base}${path} first visit`).toBeLessThan(3_000);
    expect.soft(repeat, `${base}${path} repeat visit`).toBeLessThan(1_000);
  }
  console.log(`${base}\n  ${timings.join("\n  ")}`);
}

test("sign-up reaches a usable workspace in under 3 s, and every developer page is quick", async ({
  page,
}) => {
  await page.goto(`${stack.consoleUrl}/sign-up`);
  await page.getByLabel("Your name").fill("Speedy Gonzales");
  await page.getByLabel(/Company or project/).fill("Speed Test");
  await page.getByLabel("Email").fill(`speed-${Date.now()}@example.com`);
  await page.getByLabel("Password").fill("a-long-password");
  const clickedAt = performance.now();
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/console\/[a-z0-9-]+$/);
  const signUpMs = await usable(page, clickedAt);
  console.log(`sign-up to a usable workspace: ${signUpMs.toFixed(0)} ms`);
  expect(signUpMs).toBeLessThan(3_000);

  await timePages(page, page.url(), DEVELOPER_PAGES);
});

test("every operator page is quick", async ({ page }) => {
  await signIn(page, "admin@relay.local", "relay-admin", "/operator");
  await page.waitForURL(/\/operator$/);
  await timePages(page, `${stack.consoleUrl}/operator`, OPERATOR_PAGES);
});
