import { getDb } from "@relay/db";
import { getDisplayCurrency } from "@relay/services";
import type { Locale } from "@/i18n/messages/index.ts";
import type { DisplayCode } from "@/lib/display-money.ts";

/**
 * The reader's display currency. Until the operator saves a display setting, USD. After: the
 * Chinese UI shows CNY whenever a rate exists, any other the operator's default; CNY without a
 * rate falls back to USD (nothing to convert with).
 */
export async function displayCurrencyFor(
  locale: Locale,
): Promise<{ code: DisplayCode; cnyPerUsdPpm: string | null }> {
  const setting = await getDisplayCurrency({ ctx: { db: getDb() } });
  const rate = setting.effectivePpm;
  if (!setting.configured || rate === null) return { code: "USD", cnyPerUsdPpm: null };
  const code: DisplayCode = locale === "zh" ? "CNY" : setting.currency;
  return { code, cnyPerUsdPpm: rate.toString() };
}
