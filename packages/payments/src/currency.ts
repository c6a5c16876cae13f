// Currencies as Stripe counts them. Stripe's amounts are integers in the currency's minor unit,
// and its idea of the minor unit is not always ISO's (ISK is sent with two decimals), so the
// digits come from Stripe's own lists, not Intl. No imports: the console's browser code uses this.

/** https://docs.stripe.com/currencies#zero-decimal */
const ZERO_DECIMAL = new Set([
  "bif",
  "clp",
  "djf",
  "gnf",
  "jpy",
  "kmf",
  "krw",
  "mga",
  "pyg",
  "rwf",
  "ugx",
  "vnd",
  "vuv",
  "xaf",
  "xof",
  "xpf",
]);

/** https://docs.stripe.com/currencies#three-decimal */
const THREE_DECIMAL = new Set(["bhd", "jod", "kwd", "omr", "tnd"]);

/** How many minor units make one unit, as a power of ten: 2 for usd and cny, 0 for jpy. */
export function minorUnitDigits(currency: string): number {
  const code = currency.toLowerCase();
  if (ZERO_DECIMAL.has(code)) return 0;
  if (THREE_DECIMAL.has(code)) return 3;
  return 2;
}

/** 1234n minor units of "usd" -> "12.34", of "jpy" -> "1234", exactly (no float division). */
export function minorToDecimal(minor: bigint, currency: string): string {
  const digits = minorUnitDigits(currency);
  const negative = minor < 0n;
  const abs = (negative ? -minor : minor).toString().padStart(digits + 1, "0");
  const whole = abs.slice(0, abs.length - digits);
  const fraction = abs.slice(abs.length - digits);
  return `${negative ? "-" : ""}${whole}${digits > 0 ? `.${fraction}` : ""}`;
}

const MICROS_PER_USD = 1_000_000n;

/**
 * "1 CNY = 0.138 USD" as the stored rate, micro-dollars per minor unit (1 fen = 1,380 micros).
 * Undefined when the rate is zero or not a whole number of micro-dollars per minor unit: the
 * operator is asked for fewer decimals rather than the rate being rounded behind their back.
 */
export function rateFromUsdPerUnit(usdPerUnit: string, currency: string): bigint | undefined {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(usdPerUnit.trim());
  if (!match) return undefined;
  const fraction = match[2] ?? "";
  const scaled = BigInt(`${match[1]}${fraction}`) * MICROS_PER_USD;
  const divisor = 10n ** BigInt(fraction.length + minorUnitDigits(currency));
  if (scaled === 0n || scaled % divisor !== 0n) return undefined;
  return scaled / divisor;
}

/** The stored rate back as "USD per one unit of the currency", exact: 1380 fen-micros -> "0.138". */
export function usdPerUnitFromRate(microsPerMinor: bigint, currency: string): string {
  const micros = microsPerMinor * 10n ** BigInt(minorUnitDigits(currency));
  const whole = micros / MICROS_PER_USD;
  const fraction = (micros % MICROS_PER_USD).toString().padStart(6, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole.toString();
}

/** The most decimals "1 unit = X USD" can have for this currency and still be exact. */
export function usdPerUnitDecimals(currency: string): number {
  return 6 - minorUnitDigits(currency);
}
