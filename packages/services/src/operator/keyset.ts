import { ServiceError } from "../errors.ts";

/** Keyset cursors over a bigint id, newest first: the next page starts strictly below it. */
export function parseIdCursor(cursor: string | undefined): bigint | undefined {
  if (cursor === undefined) return undefined;
  if (!/^\d{1,19}$/.test(cursor)) throw new ServiceError("INVALID_INPUT", "not a page cursor");
  return BigInt(cursor);
}

/** Given `limit + 1` rows, the page and the cursor of its last row (null on the last page). */
export function pageOf<T extends { id: bigint }>(
  rows: T[],
  limit: number,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? last.id.toString() : null };
}
