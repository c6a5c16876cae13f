import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { copyWith } from "./copy-with.ts";

const names = fc.oneof(fc.string(), fc.constantFrom("__proto__", "constructor", "model"));

describe("copyWith", () => {
  it("is the spread it replaces, for any parsed JSON", () => {
    fc.assert(
      // __proto__ and friends on purpose: random strings find them only now and then.
      fc.property(fc.jsonValue(), names, fc.jsonValue(), (parsed, name, value) => {
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

  it("sets a field named __proto__ as data too, over the client's own", () => {
    const body = JSON.parse('{"__proto__":{"a":1},"model":"m"}') as object;
    const copy = copyWith(body, "__proto__", { b: 2 });
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(JSON.stringify(copy)).toBe('{"__proto__":{"b":2},"model":"m"}');
    expect(JSON.stringify(copyWith({}, "__proto__", 1))).toBe('{"__proto__":1}');
  });

  it("adds the field to a missing object, as stream_options is when a client sends none", () => {
    expect(copyWith(undefined, "include_usage", true)).toEqual({ include_usage: true });
    expect(copyWith({ include_usage: false, x: 1 }, "include_usage", true)).toEqual({
      include_usage: true,
      x: 1,
    });
  });
});
