// What a payment is worth in the platform unit. Stripe reports amounts in the currency's minor
// unit (cents, fen); the operator sets how many micro-dollars one minor unit buys. USD is exact
// by definition (1 cent = 10,000 micro-dollars); every other rate is an explicit operator choice,
// never fetched or guessed. A currency without a rate is refused, not converted at 1:1.
import { PaymentsError } from "./errors.ts";

export type Rates = Readonly<Record<string, bigint>>;

export const USD_RATE = 10_000n;

export function creditFor(amountMinor: bigint, currency: string, rates: Rates): bigint {
  if (amountMinor < 0n) throw new RangeError("A payment cannot be negative");
  const rate = rates[currency.toLowerCase()];
  if (rate === undefined) {
    throw new PaymentsError(
      "UNSUPPORTED_CURRENCY",
      `No conversion rate is set for ${currency.toUpperCase()}`,
    );
  }
  return amountMinor * rate;
}
