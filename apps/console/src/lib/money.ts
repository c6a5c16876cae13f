// Display formatting for the browser. Client components cannot import @relay/billing (it pulls
// in the database client), so this mirrors its formatUsd; money.test.ts keeps the two in step.

/** Exact: all six decimals of a micro-dollar amount, "$12.345678". Balances use this. */
export function usdExact(micros: bigint): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const whole = (abs / 1_000_000n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const fraction = (abs % 1_000_000n).toString().padStart(6, "0");
  return `${negative ? "-" : ""}$${whole}.${fraction}`;
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
