// An operator re-prices text-to-speech per 1M input characters on the models page: the row shows
// the seeded price, the form takes the new one, and the database keeps it in micro-dollars.
import { expect, test } from "@playwright/test";
import { createDb } from "@relay/db";
import { platform } from "./platform.ts";
import { screenshots, signIn } from "./steps.ts";

const stack = platform();
const shot = screenshots("audio-prices-");

test("operator sets tts-1's price per 1M characters and whisper-1's per second", async ({
  page,
}) => {
  const db = createDb(stack.databaseUrl, { max: 1 });
  await signIn(page, "admin@relay.local", "relay-admin", "/operator/models");
  await page.waitForURL(/\/operator\/models$/, { timeout: 90_000 });

  const tts = page.locator('[data-testid="model-row"][data-model="tts-1"]');
  await expect(tts.getByTestId("sale-prices")).toContainText("Per 1M characters (speech) $18.00");
  const whisper = page.locator('[data-testid="model-row"][data-model="whisper-1"]');
  await expect(whisper.getByTestId("sale-prices")).toContainText("Per audio second $0.00012");

  await tts.getByRole("button", { name: "Edit prices" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Per 1M characters (speech)").fill("abc");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByText("An amount in USD")).toBeVisible();
  await dialog.getByLabel("Per 1M characters (speech)").fill("21.5");
  await shot(page, "01-tts-form");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(tts.getByTestId("sale-prices")).toContainText("Per 1M characters (speech) $21.50");
  await shot(page, "02-models");

  const price = await db.modelPrice.findUniqueOrThrow({
    where: { modelId_scope: { modelId: "tts-1", scope: "SALE" } },
  });
  expect([price.perMChar, price.perAudioSecond, price.inputPerMTok]).toEqual([21_500_000n, 0n, 0n]);
  await db.$disconnect();
});
