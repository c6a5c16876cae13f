import { describe, expect, it } from "vitest";
import { cnyScaled, usdScaled } from "./rate.ts";

describe("usdScaled", () => {
  it.each([
    [150_000n, 1_000_000, "$0.15"],
    [150_000n, 1_200_000, "$0.18"],
    [600_000n, 1_125_000, "$0.675"],
    [10_000_000n, 1_000_000, "$10.00"],
    [1n, 1_333_333, "$0.000001333333"],
    [0n, 1_200_000, "$0.00"],
    [1_234_000_000n, 1_000_000, "$1,234.00"],
  ])("%s micro-dollars at %s ppm reads %s", (micros, ppm, text) => {
    expect(usdScaled(micros, ppm)).toBe(text);
  });
});

describe("cnyScaled", () => {
  it.each([
    [150_000n, 1_200_000, 7_200_000n, "¥1.296"],
    [10_000_000n, 1_000_000, 7_000_000n, "¥70.00"],
    // 0.0000012 yuan rounds half up to 0.000001.
    [1n, 1_000_000, 1_200_000n, "¥0.000001"],
  ])("%s micro-dollars at %s ppm and %s reads %s", (micros, ppm, rate, text) => {
    expect(cnyScaled(micros, ppm, rate)).toBe(text);
  });
});
