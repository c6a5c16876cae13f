// Guards for parsed JSON: narrow `unknown` without casts.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `Array.isArray` without its `any[]`: elements stay `unknown` until checked. */
export function isList(value: unknown): value is readonly unknown[] {
  return Array.isArray(value);
}
