import { describe, expect, it } from "vitest";
import { usdApproxNumber } from "./money.ts";

describe("chart money", () => {
  it("is dollars as a number, for axes only", () => {
    expect(usdApproxNumber(12_345_678n)).toBe(12.345678);
    expect(usdApproxNumber(-2_500_000n)).toBe(-2.5);
  });
});
