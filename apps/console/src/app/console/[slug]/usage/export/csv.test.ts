import { describe, expect, it } from "vitest";
import { csvField, csvRow } from "./csv.ts";

describe("usage CSV", () => {
  it.each([
    ["plain", "gpt-4o-mini", "gpt-4o-mini"],
    ["comma", "a,b", '"a,b"'],
    ["quote", 'say "hi"', '"say ""hi"""'],
    ["newline", "a\nb", '"a\nb"'],
    ["formula", "=HYPERLINK(1)", "'=HYPERLINK(1)"],
    ["formula with comma", "=SUM(A1,B1)", '"\'=SUM(A1,B1)"'],
    ["chinese", "生产密钥", "生产密钥"],
  ])("%s", (_, input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it("keeps numbers (negative too), booleans and nulls plain, and ends rows with CRLF", () => {
    expect(csvRow([1, -2, true, null, "0.000150"])).toBe("1,-2,true,,0.000150\r\n");
  });
});
