import { describe, expect, it } from "vitest";
import {
  minorToDecimal,
  minorUnitDigits,
  rateFromUsdPerUnit,
  usdPerUnitFromRate,
} from "./currency.ts";

describe("currency minor units, Stripe's way", () => {
  it.each([
    ["usd", 2],
    ["CNY", 2],
    ["jpy", 0],
    ["krw", 0],
    ["kwd", 3],
    ["isk", 2],
  ])("%s has %i decimals", (currency, digits) => {
    expect(minorUnitDigits(currency)).toBe(digits);
  });

  it.each([
    [1234n, "usd", "12.34"],
    [5n, "cny", "0.05"],
    [-250n, "usd", "-2.50"],
    [1234n, "jpy", "1234"],
    [1234n, "kwd", "1.234"],
  ])("%s minor units of %s are %s", (minor, currency, decimal) => {
    expect(minorToDecimal(minor, currency)).toBe(decimal);
  });
});

describe("1 unit = X USD <-> micro-dollars per minor unit", () => {
  it.each([
    ["0.138", "cny", 1_380n],
    ["0.1380", "cny", 1_380n],
    ["1", "eur", 10_000n],
    ["1.0842", "eur", 10_842n],
    ["0.0067", "jpy", 6_700n],
    ["0.006712", "jpy", 6_712n],
    ["3.254", "kwd", 3_254n],
    ["12", "gbp", 120_000n],
  ])("%s USD per %s -> %s", (usdPerUnit, currency, rate) => {
    expect(rateFromUsdPerUnit(usdPerUnit, currency)).toBe(rate);
    expect(usdPerUnitFromRate(rate, currency)).toBe(usdPerUnit.replace(/\.?0+$/, ""));
  });

  it.each([
    ["0.13805", "cny"],
    ["0.0000001", "jpy"],
    ["0", "cny"],
    ["0.00", "cny"],
    ["-1", "cny"],
    ["1e3", "cny"],
    ["", "cny"],
    ["1,5", "eur"],
  ])("refuses %j for %s rather than rounding", (usdPerUnit, currency) => {
    expect(rateFromUsdPerUnit(usdPerUnit, currency)).toBeUndefined();
  });
});
