import { describe, expect, it } from "vitest";
import { bpsToInput, bpsToPercent, percentToBps } from "./percent.ts";

describe("referral rates as percentages", () => {
  it.each([
    ["10", 1_000],
    ["2.5", 250],
    ["0.01", 1],
    ["100", 10_000],
    [" 7.25 ", 725],
  ])("%s%% is %i basis points and back", (text, bps) => {
    expect(percentToBps(text)).toBe(bps);
    expect(bpsToInput(bps)).toBe(text.trim());
  });

  it.each(["100.01", "101", "1.234", "-1", "", "ten", "1e2"])("refuses %j", (text) => {
    expect(percentToBps(text)).toBeUndefined();
  });

  it("shows a rate with its sign", () => {
    expect(bpsToPercent(1_000)).toBe("10%");
    expect(bpsToPercent(0)).toBe("0%");
  });
});
