// Amounts in a payment currency's minor unit (what Stripe charges), for display and for the
// top-up form's input. Exact: integers become decimal strings, never a float division. The number
// of decimals is Stripe's (see @relay/payments/currency), the symbol the reader's locale's narrow
// one, so CNY reads ¥100.00 in English too (not CN¥).
import { minorToDecimal, minorUnitDigits } from "@relay/payments/currency";

/** 1234 minor units of "usd" -> "$12.34"; of "cny" -> "¥12.34"; of "jpy" -> "¥1,234". */
export function formatMinor(minor: bigint | number, currency: string, lang: string): string {
  const digits = minorUnitDigits(currency);
  const format = new Intl.NumberFormat(lang, {
    style: "currency",
    currency: currency.toUpperCase(),
    currencyDisplay: "narrowSymbol",
    minimumFractionDigits: Math.min(digits, 2),
    maximumFractionDigits: digits,
  });
  return format.format(minorToDecimal(BigInt(minor), currency) as Intl.StringNumericLiteral);
}

/** The currency's symbol alone, for an input's prefix: "¥", "$", "€". */
export function currencySymbol(currency: string, lang: string): string {
  return (
    new Intl.NumberFormat(lang, {
      style: "currency",
      currency: currency.toUpperCase(),
      currencyDisplay: "narrowSymbol",
    })
      .formatToParts(0)
      .find((part) => part.type === "currency")?.value ?? currency.toUpperCase()
  );
}

/**
 * What a person typed ("12", "12.5", "12.50") in minor units, exactly; undefined when it is not
 * an amount or has more decimals than the currency has.
 */
export function parseMinor(text: string, currency: string): bigint | undefined {
  const digits = minorUnitDigits(currency);
  const match = /^(\d{1,12})(?:\.(\d*))?$/.exec(text.trim());
  if (!match) return undefined;
  const fraction = match[2] ?? "";
  if (fraction.length > digits) return undefined;
  return BigInt(`${match[1]}${fraction.padEnd(digits, "0")}`);
}
