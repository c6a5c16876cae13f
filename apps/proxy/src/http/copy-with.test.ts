import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { copyWith } from "./copy-with.ts";

describe("copyWith", () => {
  it("is the spread it replaces, for any parsed JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), fc.jsonValue(), (parsed, name, value) => {
        const spread = { ...(parsed as object), [name]: value };
        const copy = copyWith(parsed, name, value);
        expect(JSON.stringify(copy)).toBe(JSON.stringify(spread));
        expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
      }),
    );
  });

  it("keeps a client's __proto__ key as data, not as the copy's prototype", () => {
    const body = JSON.parse('{"model":"a","__proto__":{"polluted":true}}') as object;
    const copy = copyWith(body, "model", "b");
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect((copy as { polluted?: unknown }).polluted).toBeUndefined();
    expect(JSON.stringify(copy)).toBe('{"model":"b","__proto__":{"polluted":true}}');
  });

  it("adds the field to a missing object, as stream_options is when a client sends none", () => {
    expect(copyWith(undefined, "include_usage", true)).toEqual({ include_usage: true });
    expect(copyWith({ include_usage: false, x: 1 }, "include_usage", true)).toEqual({
      include_usage: true,
      x: 1,
    });
  });
});
