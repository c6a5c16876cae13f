// The one money rule of the console. The ledger is exact micro-dollars; on screen every money
// figure (balances, totals, credits, top-ups, spend, per-call prices, per-token rates, audit
// entries) reads the same way:
//   - at least 2 decimals, and as many more as it takes to be exact, up to the micro-dollar's 6:
//     $5.00, $12.50, $4.999968, $0.000032, never $0.0000 for a real amount;
//   - thousands grouped, minus sign before the symbol: -$1,234.50.
// In CNY (the operator's display currency and rate) the converted amount follows the same rule,
// rounded half up at the sixth decimal, and the exact USD amount is the element's title (hover).
// Integers all the way: never through a float.

export type DisplayCode = "USD" | "CNY";

export interface DisplayCurrency {
  code: DisplayCode;
  /** CNY per USD in millionths (7.2 -> 7_200_000n); null when no rate is set. */
  cnyPerUsdPpm: bigint | null;
}

export const USD_DISPLAY: DisplayCurrency = { code: "USD", cnyPerUsdPpm: null };

const symbols: Record<DisplayCode, string> = { USD: "$", CNY: "¥" };

/** Millionths of a unit -> "1,234.50": two decimals at least, six at most, every digit kept. */
function decimal(millionths: bigint): string {
  const whole = (millionths / 1_000_000n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const fraction = (millionths % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "");
  return `${whole}.${fraction.padEnd(2, "0")}`;
}

function withSymbol(millionths: bigint, code: DisplayCode): string {
  const negative = millionths < 0n;
  return `${negative ? "-" : ""}${symbols[code]}${decimal(negative ? -millionths : millionths)}`;
}

/** Exact USD by the rule: 5_000_000n -> "$5.00", 32n -> "$0.000032". */
export function usd(micros: bigint): string {
  return withSymbol(micros, "USD");
}

/** USD micro-dollars in yuan millionths at the rate, rounded half up (away from zero). */
export function toCnyMillionths(micros: bigint, cnyPerUsdPpm: bigint): bigint {
  const negative = micros < 0n;
  const product = (negative ? -micros : micros) * cnyPerUsdPpm;
  const rounded = (product + 500_000n) / 1_000_000n;
  return negative ? -rounded : rounded;
}

/** The figure in the display currency; USD whenever no rate is set. */
export function formatMoney(micros: bigint, display: DisplayCurrency): string {
  if (display.code === "CNY" && display.cnyPerUsdPpm !== null) {
    return withSymbol(toCnyMillionths(micros, display.cnyPerUsdPpm), "CNY");
  }
  return usd(micros);
}

/** "7.2" -> 7_200_000n; undefined when it is not a positive rate with up to six decimals. */
export function parseRate(text: string): bigint | undefined {
  const match = /^(\d{1,6})(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!match) return undefined;
  const ppm = BigInt(match[1] ?? "0") * 1_000_000n + BigInt((match[2] ?? "").padEnd(6, "0"));
  return ppm > 0n ? ppm : undefined;
}

/** 7_200_000n -> "7.2", for the rate's input. */
export function rateText(ppm: bigint): string {
  const fraction = (ppm % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "");
  return fraction ? `${ppm / 1_000_000n}.${fraction}` : `${ppm / 1_000_000n}`;
}
