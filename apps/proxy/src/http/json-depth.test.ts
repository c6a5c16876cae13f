import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonNestingDepth } from "./json-depth.ts";

/** The nesting depth of a parsed value, the definition the scanner must match. */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

const bytes = (text: string) => Buffer.from(text, "utf8");

describe("jsonNestingDepth", () => {
  it.each<[string, number]>([
    ["1", 0],
    ['"[[[{"', 0],
    ["{}", 1],
    ["[[]]", 2],
    ['{"a":[{"b":[]}]}', 4],
    ['["\\"[[[", ["\\\\", []]]', 3],
    ['{"k]]}}":"]]]\\u005b","x":{"y":1}}', 2],
    ['["ü😀", {"[": "{"}]', 2],
  ])("%s is %i deep", (text, expected) => {
    expect(jsonNestingDepth(bytes(text))).toBe(expected);
  });

  it("matches the parsed value's depth for any JSON, strings with quotes and backslashes included", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 12 }), (value) => {
        expect(jsonNestingDepth(bytes(JSON.stringify(value)))).toBe(depthOf(value));
      }),
      { numRuns: 500 },
    );
  });

  it("stops counting past the limit", () => {
    const deep = bytes(`${"[".repeat(100_000)}${"]".repeat(100_000)}`);
    expect(jsonNestingDepth(deep, 128)).toBe(129);
    expect(jsonNestingDepth(deep)).toBe(100_000);
  });
});
