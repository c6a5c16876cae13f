import { describe, expect, it } from "vitest";
import { formatMinor, parseMinor } from "./currency.ts";

describe("formatMinor", () => {
  it.each([
    [1_234, "usd", "en", "$12.34"],
    [10_000, "cny", "en", "¥100.00"],
    [10_000, "cny", "zh-CN", "¥100.00"],
    [1_234, "jpy", "en", "¥1,234"],
    [1_234_567, "kwd", "en", "KWD 1,234.567"],
    [123_456_789_012_345_678n, "usd", "en", "$1,234,567,890,123,456.78"],
    [5, "usd", "en", "$0.05"],
  ])("%s %s in %s -> %s", (minor, currency, lang, text) => {
    expect(formatMinor(minor, currency, lang).replace(/\u00a0/g, " ")).toBe(text);
  });
});

describe("parseMinor", () => {
  it.each([
    ["12", "usd", 1_200n],
    ["12.5", "usd", 1_250n],
    ["12.50", "cny", 1_250n],
    ["0.05", "usd", 5n],
    ["500", "jpy", 500n],
    ["12.", "usd", 1_200n],
  ])("%j %s -> %s", (text, currency, minor) => {
    expect(parseMinor(text, currency)).toBe(minor);
  });

  it.each([
    ["12.345", "usd"],
    ["1.5", "jpy"],
    ["", "usd"],
    ["abc", "usd"],
    ["-1", "usd"],
    ["1e3", "usd"],
  ])("%j %s -> undefined", (text, currency) => {
    expect(parseMinor(text, currency)).toBeUndefined();
  });
});
