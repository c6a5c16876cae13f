import { describe, expect, it } from "vitest";
import { creditFor, USD_RATE } from "./conversion.ts";
import { PaymentsError } from "./errors.ts";

const rates = { usd: USD_RATE, cny: 1_380n, jpy: 6_700n };

describe("creditFor", () => {
  it.each([
    [500n, "usd", 5_000_000n, "$5.00 = 5,000,000 micro-dollars"],
    [1234n, "USD", 12_340_000n, "currency codes are case-insensitive"],
    [1n, "usd", 10_000n, "one cent"],
    [10_000n, "cny", 13_800_000n, "CNY 100 at the operator's 1 fen = 1,380 micro-dollars"],
    [1_000n, "jpy", 6_700_000n, "JPY has no minor unit: 1 yen = 6,700 micro-dollars here"],
    [0n, "usd", 0n, "nothing paid, nothing credited"],
  ])("%s %s -> %s (%s)", (amount, currency, expected) => {
    expect(creditFor(amount, currency, rates)).toBe(expected);
  });

  it("refuses a currency the operator set no rate for, rather than guess", () => {
    expect(() => creditFor(100n, "eur", rates)).toThrow(PaymentsError);
    expect(() => creditFor(-1n, "usd", rates)).toThrow(RangeError);
  });
});
