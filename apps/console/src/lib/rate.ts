// A unit price after a price group's multiplier, exactly: micro-dollars times parts per million
// is a whole number of 1e-12 dollars, printed with every digit it needs and no float on the way.

const PICO_PER_USD = 1_000_000_000_000n;

/** 150_000 micro-dollars at 1_200_000 ppm -> "$0.18"; at least two decimals. */
export function usdScaled(micros: bigint, multiplierPpm: number): string {
  const pico = micros * BigInt(multiplierPpm);
  const sign = pico < 0n ? "-" : "";
  const abs = pico < 0n ? -pico : pico;
  const whole = abs / PICO_PER_USD;
  const fraction = (abs % PICO_PER_USD).toString().padStart(12, "0").replace(/0+$/, "");
  return `${sign}$${whole}.${fraction.padEnd(2, "0")}`;
}
