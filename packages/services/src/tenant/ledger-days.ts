// The balance history as people read it: API usage folded into one row per UTC day (a busy day
// holds thousands of calls), every other entry (credits, top-ups, refunds, redemptions) its own
// row. Pages by whole days, newest first, so a day's usage is never split across pages.
import type { Db, LedgerEntry, Tx } from "@relay/db";
import { z } from "zod";

export const listLedgerDaysInput = z.object({
  tenantId: z.uuid(),
  /** "YYYY-MM-DD": the oldest day of the previous page; this page starts the day before. */
  before: z.iso.date().optional(),
  /** Days (with any entry) per page. */
  days: z.number().int().min(1).max(60).default(14),
});

type Entry = Omit<LedgerEntry, "idempotencyKey" | "actorId">;

export type LedgerDayItem =
  | { type: "entry"; entry: Entry }
  | {
      type: "usage";
      /** "YYYY-MM-DD", UTC. */
      day: string;
      /** Sum of the day's usage entries: negative micro-dollars. */
      amount: bigint;
      calls: number;
      /** The balance after the day's last usage entry, and when that was. */
      balanceAfter: bigint;
      lastAt: Date;
    };

export interface LedgerDaysPage {
  items: LedgerDayItem[];
  nextBefore: string | null;
}

const dayMs = 86_400_000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export async function listLedgerDays({
  ctx,
  input,
}: {
  ctx: { db: Db | Tx };
  input: z.output<typeof listLedgerDaysInput>;
}): Promise<LedgerDaysPage> {
  const before = input.before
    ? new Date(`${input.before}T00:00:00Z`)
    : new Date(Date.now() + dayMs);
  const days = await ctx.db.$queryRaw<Array<{ day: Date }>>`
    SELECT date_trunc('day', created_at) AS day FROM ledger_entries
    WHERE tenant_id = ${input.tenantId}::uuid AND created_at < ${before}
    GROUP BY 1 ORDER BY 1 DESC LIMIT ${input.days + 1}`;
  const page = days.slice(0, input.days);
  const oldest = page.at(-1)?.day;
  if (!oldest) return { items: [], nextBefore: null };
  const range = { gte: oldest, lt: before };

  const [entries, usage] = await Promise.all([
    ctx.db.ledgerEntry.findMany({
      where: { tenantId: input.tenantId, createdAt: range, kind: { not: "USAGE" } },
      omit: { idempotencyKey: true, actorId: true },
      orderBy: { id: "desc" },
    }),
    ctx.db.$queryRaw<Array<{ day: Date; amount: bigint; calls: number; last_id: bigint }>>`
      SELECT date_trunc('day', created_at) AS day, sum(amount)::bigint AS amount,
             count(*)::int AS calls, max(id) AS last_id
      FROM ledger_entries
      WHERE tenant_id = ${input.tenantId}::uuid AND kind = 'USAGE'
        AND created_at >= ${oldest} AND created_at < ${before}
      GROUP BY 1`,
  ]);
  const lasts = await ctx.db.ledgerEntry.findMany({
    where: { id: { in: usage.map((row) => BigInt(row.last_id)) } },
    select: { id: true, balanceAfter: true, createdAt: true },
  });
  const lastById = new Map(lasts.map((row) => [row.id, row]));

  const items: Array<LedgerDayItem & { at: Date; id: bigint }> = [
    ...entries.map((entry) => ({
      type: "entry" as const,
      entry,
      at: entry.createdAt,
      id: entry.id,
    })),
    ...usage.flatMap((row) => {
      const last = lastById.get(BigInt(row.last_id));
      if (!last) return [];
      return [
        {
          type: "usage" as const,
          day: isoDay(row.day),
          amount: BigInt(row.amount),
          calls: Number(row.calls),
          balanceAfter: last.balanceAfter,
          lastAt: last.createdAt,
          at: last.createdAt,
          id: last.id,
        },
      ];
    }),
  ];
  // Newest first by entry id (ids only grow): a usage day sits where its last call did.
  items.sort((a, b) => (a.id === b.id ? 0 : a.id < b.id ? 1 : -1));
  return {
    items: items.map(({ at: _at, id: _id, ...item }) => item as LedgerDayItem),
    nextBefore: days.length > input.days ? isoDay(oldest) : null,
  };
}

export const listUsageDayInput = z.object({
  tenantId: z.uuid(),
  day: z.iso.date(),
  limit: z.number().int().min(1).max(200).default(100),
});

/** The usage entries of one UTC day, newest first (the first `limit`), for an expanded row. */
export async function listUsageDay({
  ctx,
  input,
}: {
  ctx: { db: Db | Tx };
  input: z.output<typeof listUsageDayInput>;
}): Promise<Entry[]> {
  const from = new Date(`${input.day}T00:00:00Z`);
  return ctx.db.ledgerEntry.findMany({
    where: {
      tenantId: input.tenantId,
      kind: "USAGE",
      createdAt: { gte: from, lt: new Date(from.getTime() + dayMs) },
    },
    omit: { idempotencyKey: true, actorId: true },
    orderBy: { id: "desc" },
    take: input.limit,
  });
}
