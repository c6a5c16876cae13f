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

/**
 * Keyset cursors over (created_at, uuid id), for rows without a rising numeric id: "ms.uuid".
 * The id breaks ties between rows created in the same transaction (one `now()`).
 */
export function timeIdCursor(row: { createdAt: Date; id: string }): string {
  return `${row.createdAt.getTime()}.${row.id}`;
}

export function parseTimeIdCursor(
  cursor: string | undefined,
): { createdAt: Date; id: string } | undefined {
  if (cursor === undefined) return undefined;
  const match = /^(\d{1,15})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(
    cursor,
  );
  if (!match?.[1] || !match[2]) throw new ServiceError("INVALID_INPUT", "not a page cursor");
  return { createdAt: new Date(Number(match[1])), id: match[2] };
}
