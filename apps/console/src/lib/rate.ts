// A unit price after a price group's multiplier, exactly: micro-dollars times parts per million
// is a whole number of 1e-12 dollars, printed with every digit it needs and no float on the way.

const PICO_PER_USD = 1_000_000_000_000n;

/** Thousands grouped, like every money figure of the console: 1234 -> "1,234". */
function grouped(whole: bigint): string {
  return whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** 150_000 micro-dollars at 1_200_000 ppm -> "$0.18"; at least two decimals. */
export function usdScaled(micros: bigint, multiplierPpm: number): string {
  const pico = micros * BigInt(multiplierPpm);
  const sign = pico < 0n ? "-" : "";
  const abs = pico < 0n ? -pico : pico;
  const whole = abs / PICO_PER_USD;
  const fraction = (abs % PICO_PER_USD).toString().padStart(12, "0").replace(/0+$/, "");
  return `${sign}$${grouped(whole)}.${fraction.padEnd(2, "0")}`;
}

/**
 * The same unit price in yuan at the display rate (CNY per USD in millionths), rounded half up
 * at the sixth decimal like every converted figure: 150_000 micro-dollars at 1.2x and 7.2 -> "¥1.296".
 */
export function cnyScaled(micros: bigint, multiplierPpm: number, cnyPerUsdPpm: bigint): string {
  // pico-dollars x millionths of a yuan per dollar = 1e-18 yuan; to millionths: / 1e12.
  const product = micros * BigInt(multiplierPpm) * cnyPerUsdPpm;
  const millionths = (product + PICO_PER_USD / 2n) / PICO_PER_USD;
  const whole = millionths / 1_000_000n;
  const fraction = (millionths % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "");
  return `¥${grouped(whole)}.${fraction.padEnd(2, "0")}`;
}
