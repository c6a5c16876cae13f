import { describe, expect, it } from "vitest";
import { usdScaled } from "./rate.ts";

describe("usdScaled", () => {
  it.each([
    [150_000n, 1_000_000, "$0.15"],
    [150_000n, 1_200_000, "$0.18"],
    [600_000n, 1_125_000, "$0.675"],
    [10_000_000n, 1_000_000, "$10.00"],
    [1n, 1_333_333, "$0.000001333333"],
    [0n, 1_200_000, "$0.00"],
  ])("%s micro-dollars at %s ppm reads %s", (micros, ppm, text) => {
    expect(usdScaled(micros, ppm)).toBe(text);
  });
});
