// Money for chart axes. Every money figure in text goes through lib/display-money.ts (the one
// rule, and the display currency); only a chart's geometry needs a number.

/** For chart axes only, where a float is fine: dollars as a number. Says so in its name. */
export function usdApproxNumber(micros: bigint): number {
  return Number(micros) / 1_000_000;
}
