// A developer tops up through Stripe Checkout: a custom amount on the billing page, the Stripe
// double's hosted page standing in for Stripe's, the signed webhook it delivers to the console,
// the paid state and its receipt on the billing page, and the new balance on the overview, exactly.
// A cancelled payment changes nothing. The ledger and the orders agree with the screen. Screenshots go to e2e/screenshots/topup-*.png.
import { expect, test } from "@playwright/test";
import { createDb } from "@relay/db";
import { platform } from "./platform.ts";
import { screenshots, signUp } from "./steps.ts";

const stack = platform();
const shot = screenshots("topup-");

test("top up $12.34 by card through Checkout; the overview shows exactly $12.34", async ({
  page,
}) => {
  await signUp(page, {
    name: "Tess Topup",
    company: "Topup Works",
    email: `topup-${Date.now()}@example.com`,
  });
  const overviewUrl = page.url();
  await expect(page.getByTestId("balance")).toHaveText("$0.00");

  // Cancelled first: back on the billing page with nothing charged.
  await page.getByRole("link", { name: "Billing" }).click();
  await page.getByTestId("topup-custom").fill("5");
  await page.getByRole("button", { name: "Pay $5.00" }).click();
  await page.waitForURL((url) => url.href.startsWith(`${stack.stripeUrl}/pay/`));
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.waitForURL(/\/billing\?topup=cancelled$/);
  await expect(page.getByText("Payment cancelled: nothing was charged.")).toBeVisible();

  await page.getByTestId("topup-custom").fill("12.34");
  await expect(page.getByTestId("topup-credit")).toHaveText("Adds $12.34 to your balance.");
  await shot(page, "01-amount");
  await page.getByRole("button", { name: "Pay $12.34" }).click();

  // The double's hosted page: the amount from the session, the methods the operator allows.
  await page.waitForURL((url) => url.href.startsWith(`${stack.stripeUrl}/pay/`));
  await expect(page.getByRole("heading", { name: "Pay USD 12.34" })).toBeVisible();
  await page.getByLabel("card").check();
  await shot(page, "02-checkout");
  await page.getByRole("button", { name: "Pay", exact: true }).click();

  // Back on the billing page; the webhook has credited the tenant before the redirect.
  await page.waitForURL(/\/billing\?topup=success&session=cs_test_/);
  await expect(page.getByTestId("topup-return")).toHaveText(
    /Paid: \$12\.34 was added to your balance\./,
  );
  await expect(page.getByTestId("billing-balance")).toHaveText("$12.34");
  const paidRow = page.getByTestId("topup-order").filter({ hasText: "Paid" }).first();
  await expect(paidRow.getByTestId("topup-order-credited")).toHaveText(/(^|\s)\$12\.34$/);
  await shot(page, "03-returned");

  // Its receipt: the amount paid in the payment's currency and the exact credit.
  await paidRow.getByRole("link", { name: "Receipt" }).click();
  await expect(page.getByTestId("receipt-number")).toHaveText(/^R-\d{8}-[0-9A-F]{8}$/);
  await expect(page.getByTestId("receipt-paid")).toHaveText("$12.34");
  await expect(page.getByTestId("receipt-credited")).toContainText("$12.34");
  await shot(page, "04-receipt");
  await page.goto(overviewUrl);
  await expect(page.getByTestId("balance")).toHaveText("$12.34");
  await shot(page, "05-overview");

  const db = createDb(stack.databaseUrl, { max: 1 });
  try {
    const slug = new URL(overviewUrl).pathname.split("/").at(-1) ?? "";
    const tenant = await db.tenant.findUniqueOrThrow({ where: { slug } });
    expect(tenant.balance).toBe(12_340_000n);
    const orders = await db.topUpOrder.findMany({
      where: { tenantId: tenant.id },
      orderBy: { createdAt: "asc" },
    });
    expect(orders.map((order) => [order.state, order.amountMinor, order.creditAmount])).toEqual([
      ["PENDING", 500n, 5_000_000n],
      ["PAID", 1_234n, 12_340_000n],
    ]);
    const entries = await db.ledgerEntry.findMany({ where: { tenantId: tenant.id } });
    expect(entries.map((entry) => [entry.kind, entry.amount, entry.idempotencyKey])).toEqual([
      ["TOPUP", 12_340_000n, `stripe:checkout:${orders[1]?.stripeSessionId}`],
    ]);
  } finally {
    await db.$disconnect();
  }
});
