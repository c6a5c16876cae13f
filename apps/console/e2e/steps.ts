// What several specs do: screenshots into e2e/screenshots/, signing up and in through the forms,
// and reading the console's exact dollar amounts back as micro-dollars.
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";
import { createDb } from "@relay/db";
import { platform } from "./platform.ts";

const shots = fileURLToPath(new URL("./screenshots/", import.meta.url));
mkdirSync(shots, { recursive: true });

/** A full-page screenshot function whose files start with prefix. */
export function screenshots(prefix = ""): (page: Page, name: string) => Promise<void> {
  return async (page, name) => {
    await page.screenshot({ path: `${shots}${prefix}${name}.png`, fullPage: true });
  };
}

/** Signs a new person up with a tenant of their own; resolves on their console overview. */
export async function signUp(
  page: Page,
  person: { name: string; company: string; email: string; password?: string },
): Promise<void> {
  await page.goto(`${platform().consoleUrl}/sign-up`);
  await page.getByLabel("Your name").fill(person.name);
  await page.getByLabel(/Company or project/).fill(person.company);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password ?? "a-long-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/console\/[a-z0-9-]+$/, { timeout: 90_000 });
  // Topping up needs a verified email: follow the link the sign-up emailed, then come back.
  const overview = page.url();
  await page.goto(await emailedLink(person.email, "email_verification", "/verify-email/"));
  await page.goto(overview);
}

/** The link of that kind last emailed to `to`, read from the outbox in the database. */
export async function emailedLink(to: string, kind: string, path: string): Promise<string> {
  const db = createDb(platform().databaseUrl, { max: 1 });
  try {
    const message = await db.emailMessage.findFirstOrThrow({
      where: { to, kind },
      orderBy: { createdAt: "desc" },
    });
    const token = message.text.split(path)[1]?.split(/\s/)[0];
    if (!token) throw new Error(`no ${path} link in the ${kind} email to ${to}`);
    return `${platform().consoleUrl}${path}${token}`;
  } finally {
    await db.$disconnect();
  }
}

export async function signIn(
  page: Page,
  email: string,
  password: string,
  callbackUrl: string,
): Promise<void> {
  await page.goto(
    `${platform().consoleUrl}/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`,
  );
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** "$12.00" or "$4.999968" -> micro-dollars, exactly (the console shows 2 to 6 decimals). */
export function micros(text: string | null): bigint {
  const match = /^(-?)\$([\d,]+)\.(\d{2,6})$/.exec((text ?? "").trim());
  if (!match) throw new Error(`not an exact USD amount: ${text}`);
  const [, sign, whole = "0", fraction = "0"] = match;
  const value = BigInt(whole.replaceAll(",", "")) * 1_000_000n + BigInt(fraction.padEnd(6, "0"));
  return sign ? -value : value;
}

/** 4_999_968n -> "$4.999968", 5_000_000n -> "$5.00": the console's one money rule. */
export function usd(amount: bigint): string {
  const sign = amount < 0n ? "-" : "";
  const abs = amount < 0n ? -amount : amount;
  const whole = (abs / 1_000_000n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const fraction = (abs % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "");
  return `${sign}$${whole}.${fraction.padEnd(2, "0")}`;
}
