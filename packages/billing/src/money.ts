// Money is integer micro-dollars (1 = 0.000001 USD) in a bigint, everywhere. Conversions to and
// from the decimal strings people type and read are exact: no float ever touches an amount.

export type Micros = bigint;

export const MICROS_PER_USD = 1_000_000n;

/**
 * The most one entry typed by a person may move or set: $1,000,000,000 (10^15 micro-dollars). Far
 * above any real credit or price and far below what a bigint column holds (about $9.2 trillion),
 * so sums of such amounts cannot overflow either.
 */
export const MAX_ENTRY_USD = 1_000_000_000n;
const DECIMALS = 6;
const USD_PATTERN = /^([+-])?(\d+)(?:\.(\d+))?$/;

export class MoneyFormatError extends Error {
  readonly code = "INVALID_AMOUNT";
}

/** "5" -> 5_000_000n, "-0.25" -> -250_000n, "0.0000015" -> error (finer than a micro-dollar). */
export function parseUsd(text: string): Micros {
  const match = USD_PATTERN.exec(text.trim());
  if (!match) throw new MoneyFormatError(`"${text}" is not an amount in USD (e.g. 5 or 12.50)`);
  const [, sign, whole = "0", fraction = ""] = match;
  if (fraction.length > DECIMALS) {
    throw new MoneyFormatError(`"${text}" has more than ${DECIMALS} decimal places`);
  }
  const micros = BigInt(whole) * MICROS_PER_USD + BigInt(fraction.padEnd(DECIMALS, "0"));
  return sign === "-" ? -micros : micros;
}

/** 5_000_000n -> "5.000000"; always six decimals, so the value round-trips through parseUsd. */
export function formatUsd(micros: Micros): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const whole = abs / MICROS_PER_USD;
  const fraction = (abs % MICROS_PER_USD).toString().padStart(DECIMALS, "0");
  return `${negative ? "-" : ""}${whole}.${fraction}`;
}

/** 1_500_000n -> "1.5", -250_000n -> "-0.25": the shortest exact decimal, for form inputs. */
export function usdInput(micros: Micros): string {
  return formatUsd(micros).replace(/\.?0+$/, "");
}

/**
 * A non-negative amount as a person types it ("12.50", "$3"), or undefined when it is not one
 * (negative, finer than a micro-dollar, beyond MAX_ENTRY_USD, not a number): for forms, which
 * show their own message.
 */
export function parseUsdInput(text: string): Micros | undefined {
  try {
    const micros = parseUsd(text.trim().replace(/^\$/, ""));
    return micros >= 0n && micros <= MAX_ENTRY_USD * MICROS_PER_USD ? micros : undefined;
  } catch {
    return undefined;
  }
}

/** a * ppm / 1_000_000, rounded up: what a price multiplier (parts per million) makes of a price. */
export function applyPpm(micros: Micros, ppm: number | bigint): Micros {
  return ceilDiv(micros * BigInt(ppm), 1_000_000n);
}

/** Division rounding toward +infinity, so fractions of a micro-dollar are charged, not lost. */
export function ceilDiv(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError("ceilDiv: denominator must be positive");
  const quotient = numerator / denominator;
  return numerator % denominator > 0n ? quotient + 1n : quotient;
}
