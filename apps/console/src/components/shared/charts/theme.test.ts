import { describe, expect, it } from "vitest";
import { axisWidthFor, dayLabeler, dollarsTick } from "./theme.ts";

describe("money axis ticks", () => {
  it.each([
    [0, "$0"],
    [0.0000012, "$0.0000012"],
    [0.0015, "$0.0015"],
    [0.25, "$0.25"],
    [3.5, "$3.5"],
    [12, "$12"],
    [1234.5, "$1.2K"],
    [2_500_000, "$2.5M"],
    [-0.5, "-$0.5"],
  ])("%d -> %s, never exponent notation", (value, text) => {
    expect(dollarsTick(value)).toBe(text);
  });

  it("the axis is wide enough for its longest label", () => {
    expect(axisWidthFor(["$0", "$1.2K"])).toBe(Math.max(40, Math.ceil(5 * 7.5) + 14));
    expect(axisWidthFor(["$0.0000012"], 48)).toBe(89);
    expect(axisWidthFor([], 48)).toBe(48);
  });

  it("days read in the page's language, in UTC", () => {
    expect(dayLabeler("en")("2031-05-03")).toBe("May 3");
    expect(dayLabeler("zh-CN")("2031-05-03")).toBe("5月3日");
  });
});
