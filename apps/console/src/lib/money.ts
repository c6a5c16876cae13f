// Display formatting for the browser, over @relay/billing's browser-safe money entry.
import { formatUsd } from "@relay/billing/money";

/** Exact: all six decimals of a micro-dollar amount, "$12.345678". Balances use this. */
export function usdExact(micros: bigint): string {
  const negative = micros < 0n;
  const [whole = "0", fraction = ""] = formatUsd(negative ? -micros : micros).split(".");
  return `${negative ? "-" : ""}$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${fraction}`;
}

/**
 * Friendly: 2 decimals, or up to 4 for amounts under a dollar so small spends are not "$0.00".
 * Rounds half up at the last shown digit, on integers: never through a float.
 */
export function usdFriendly(micros: bigint): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const decimals = abs >= 1_000_000n || abs === 0n ? 2 : 4;
  const step = 10n ** BigInt(6 - decimals);
  const rounded = (abs + step / 2n) / step;
  // A real but tiny spend must not read as nothing.
  if (rounded === 0n && abs > 0n) return `${negative ? ">-" : "<"}$0.0001`;
  const scale = 10n ** BigInt(decimals);
  const whole = rounded / scale;
  const fraction = (rounded % scale).toString().padStart(decimals, "0");
  const grouped = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}$${grouped}.${fraction}`;
}

/** For chart axes only, where a float is fine: dollars as a number. Says so in its name. */
export function usdApproxNumber(micros: bigint): number {
  return Number(micros) / 1_000_000;
}

/** Spend figures: friendly from a cent up, every micro-dollar below it (a first call costs less). */
export function usdSpend(micros: bigint): string {
  const abs = micros < 0n ? -micros : micros;
  return abs > 0n && abs < 10_000n ? usdExact(micros) : usdFriendly(micros);
}
