import { describe, expect, it } from "vitest";
import {
  applyPpm,
  ceilDiv,
  formatUsd,
  MoneyFormatError,
  parseUsd,
  parseUsdInput,
  usdInput,
} from "./money.ts";

describe("parseUsd", () => {
  it.each([
    ["5", 5_000_000n],
    ["5.000000", 5_000_000n],
    ["0.000001", 1n],
    ["12.5", 12_500_000n],
    ["-0.25", -250_000n],
    ["+3", 3_000_000n],
    [" 7.1 ", 7_100_000n],
    ["123456789.123456", 123_456_789_123_456n],
  ])("%s -> %s micro-dollars", (text, micros) => {
    expect(parseUsd(text)).toBe(micros);
  });

  it.each(["", "abc", "1.2.3", "1e3", "0.0000001", "$5", "5,00", "NaN"])("rejects %j", (text) => {
    expect(() => parseUsd(text)).toThrow(MoneyFormatError);
  });
});

describe("formatUsd", () => {
  it.each([
    [5_000_000n, "5.000000"],
    [1n, "0.000001"],
    [0n, "0.000000"],
    [-250_000n, "-0.250000"],
    [123_456_789_123_456n, "123456789.123456"],
  ])("%s -> %s", (micros, text) => {
    expect(formatUsd(micros)).toBe(text);
    expect(parseUsd(text)).toBe(micros);
  });
});

describe("applyPpm and ceilDiv", () => {
  it.each([
    [1_000_000n, 1_000_000, 1_000_000n],
    [1_000_000n, 1_200_000, 1_200_000n],
    [3n, 500_000, 2n], // 1.5 rounds up: a fraction of a micro-dollar is charged
    [0n, 1_500_000, 0n],
  ])("applyPpm(%s, %s) = %s", (micros, ppm, expected) => {
    expect(applyPpm(micros, ppm)).toBe(expected);
  });

  it.each([
    [10n, 3n, 4n],
    [9n, 3n, 3n],
    [-10n, 3n, -3n],
    [0n, 7n, 0n],
  ])("ceilDiv(%s, %s) = %s", (a, b, expected) => {
    expect(ceilDiv(a, b)).toBe(expected);
  });
});

describe("form inputs", () => {
  it.each([
    [1_500_000n, "1.5"],
    [5_000_000n, "5"],
    [0n, "0"],
    [-250_000n, "-0.25"],
    [1n, "0.000001"],
    [10_000_000n, "10"],
  ])("usdInput(%s) is %s and parses back", (micros, text) => {
    expect(usdInput(micros)).toBe(text);
    expect(parseUsd(text)).toBe(micros);
  });

  it.each([
    ["12.50", 12_500_000n],
    [" $3 ", 3_000_000n],
    ["1000000000", 1_000_000_000_000_000n],
    ["-1", undefined],
    ["1.0000001", undefined],
    ["1000000000.000001", undefined],
    ["abc", undefined],
    ["", undefined],
  ])("parseUsdInput(%j) is %s", (text, micros) => {
    expect(parseUsdInput(text)).toBe(micros);
  });
});
