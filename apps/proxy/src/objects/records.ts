// Relay's record of every upstream object a tenant made (files, fine-tuning jobs, fine-tuned
// models). Every query here filters by the tenant: another tenant's id is simply not found, the
// same as an id that never existed.
import type { Db, UpstreamObject, UpstreamObjectKind } from "@relay/db";

export type ObjectRecord = UpstreamObject;

/** The caller's live object of this kind with this upstream id, or null. */
export function ownedObject(
  db: Db,
  tenantId: string,
  kind: UpstreamObjectKind,
  upstreamId: string,
): Promise<ObjectRecord | null> {
  return db.upstreamObject.findFirst({ where: { tenantId, kind, upstreamId, deletedAt: null } });
}

export interface PageInput {
  tenantId: string;
  kind: UpstreamObjectKind;
  /** An upstream id of the caller's: the page starts after it. */
  after?: string;
  limit: number;
  order: "asc" | "desc";
  purpose?: string;
}

/** One page of the caller's live objects, newest first by default, and whether more follow. */
export async function ownedPage(
  db: Db,
  input: PageInput,
): Promise<{ rows: ObjectRecord[]; hasMore: boolean }> {
  const base = {
    tenantId: input.tenantId,
    kind: input.kind,
    deletedAt: null,
    ...(input.purpose ? { purpose: input.purpose } : {}),
  };
  let cursor = {};
  if (input.after) {
    const from = await ownedObject(db, input.tenantId, input.kind, input.after);
    // An unknown cursor (or another tenant's) starts nowhere: an empty page, not a leak.
    if (!from) return { rows: [], hasMore: false };
    const beyond = input.order === "desc" ? "lt" : "gt";
    cursor = {
      OR: [
        { createdAt: { [beyond]: from.createdAt } },
        { createdAt: from.createdAt, id: { [beyond]: from.id } },
      ],
    };
  }
  const rows = await db.upstreamObject.findMany({
    where: { ...base, ...cursor },
    orderBy: [{ createdAt: input.order }, { id: input.order }],
    take: input.limit + 1,
  });
  return { rows: rows.slice(0, input.limit), hasMore: rows.length > input.limit };
}

/** The upstream's object as Relay last saw it. */
export function snapshotOf(row: ObjectRecord): Record<string, unknown> {
  const value = row.snapshot;
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
