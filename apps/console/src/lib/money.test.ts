import { formatUsd } from "@relay/billing";
import { describe, expect, it } from "vitest";
import { usdExact, usdFriendly, usdSpend } from "./money.ts";

describe("money display", () => {
  it.each([
    [0n, "$0.000000", "$0.00"],
    [1n, "$0.000001", "<$0.0001"],
    [50n, "$0.000050", "$0.0001"],
    [123_456n, "$0.123456", "$0.1235"],
    [999_999n, "$0.999999", "$1.0000"],
    [1_000_000n, "$1.000000", "$1.00"],
    [12_345_678n, "$12.345678", "$12.35"],
    [1_234_567_890_000n, "$1,234,567.890000", "$1,234,567.89"],
    [-2_500_000n, "-$2.500000", "-$2.50"],
  ])("%s micro-dollars -> %s exact, %s friendly", (micros, exact, friendly) => {
    expect(usdExact(micros)).toBe(exact);
    expect(usdFriendly(micros)).toBe(friendly);
  });

  it("spend shows every micro-dollar under a cent, friendly above", () => {
    expect(usdSpend(32n)).toBe("$0.000032");
    expect(usdSpend(0n)).toBe("$0.00");
    expect(usdSpend(123_456n)).toBe("$0.1235");
  });

  it("agrees with @relay/billing's formatUsd digit for digit", () => {
    for (const micros of [0n, 7n, 1_000_001n, 98_765_432_100n, -42n]) {
      expect(usdExact(micros).replace(/[$,]/g, "")).toBe(formatUsd(micros));
    }
  });
});
