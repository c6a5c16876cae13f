import { describe, expect, it } from "vitest";
import { usdAmount } from "./money-input.ts";

describe("usdAmount", () => {
  it.each([
    ["5", 5_000_000n],
    ["-0.000001", -1n],
    ["1000000000", 1_000_000_000_000_000n],
    ["-1000000000", -1_000_000_000_000_000n],
  ])("%s -> %s micro-dollars", (text, micros) => {
    expect(usdAmount.parse(text)).toBe(micros);
  });

  it.each(["1000000000.000001", "99999999999999", "-99999999999999", "1.0000001", "abc"])(
    "refuses %s with a message instead of reaching the database",
    (text) => {
      const result = usdAmount.safeParse(text);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBeTruthy();
    },
  );
});
