import { describe, expect, it } from "vitest";
import { formatMoney, parseRate, rateText, toCnyMillionths, usd } from "./display-money.ts";

describe("the one money rule", () => {
  it.each([
    [0n, "$0.00"],
    [1n, "$0.000001"],
    [32n, "$0.000032"],
    [10_000n, "$0.01"],
    [123_456n, "$0.123456"],
    [1_000_000n, "$1.00"],
    [12_500_000n, "$12.50"],
    [4_999_968n, "$4.999968"],
    [1_234_567_890_000n, "$1,234,567.89"],
    [-2_500_000n, "-$2.50"],
  ])("%s micro-dollars read %s", (micros, text) => {
    expect(usd(micros)).toBe(text);
  });

  it("CNY at the operator's rate, exact to the micro-yuan, half up", () => {
    const cny = { code: "CNY" as const, cnyPerUsdPpm: 7_200_000n };
    expect(formatMoney(5_000_000n, cny)).toBe("¥36.00");
    expect(formatMoney(32n, cny)).toBe("¥0.00023");
    expect(toCnyMillionths(1n, 7_250_000n)).toBe(7n);
    expect(toCnyMillionths(-1n, 7_500_000n)).toBe(-8n);
    expect(formatMoney(-1_000_000n, cny)).toBe("-¥7.20");
  });

  it("USD when CNY is chosen but no rate is set", () => {
    expect(formatMoney(5_000_000n, { code: "CNY", cnyPerUsdPpm: null })).toBe("$5.00");
  });

  it("reads and writes a rate exactly", () => {
    expect(parseRate("7.2")).toBe(7_200_000n);
    expect(parseRate("7.123456")).toBe(7_123_456n);
    for (const bad of ["", "0", "-1", "7.1234567", "abc"]) expect(parseRate(bad)).toBeUndefined();
    expect(rateText(7_200_000n)).toBe("7.2");
    expect(rateText(7_000_000n)).toBe("7");
  });
});
