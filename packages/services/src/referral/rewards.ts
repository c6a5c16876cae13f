// The operator's list of every reward paid: who earned it, for whose top-up, how much, and how
// much refunds took back. Newest first, by keyset on (created_at, id).
import type { Db, Tx } from "@relay/db";
import { z } from "zod";

export const listReferralRewardsInput = z.object({
  /** The id of the last reward of the previous page. */
  cursor: z.uuid().optional(),
  limit: z.number().int().min(1).max(100).default(50),
});

export interface ReferralRewardRow {
  id: string;
  referrer: { id: string; name: string; slug: string };
  referred: { id: string; name: string; slug: string };
  topUp: { id: string; creditAmount: bigint; paidAt: Date | null };
  rateBps: number;
  amount: bigint;
  reversedAmount: bigint;
  createdAt: Date;
}

const tenantFields = { select: { id: true, name: true, slug: true } } as const;

export async function listReferralRewards({
  ctx,
  input,
}: {
  ctx: { db: Db | Tx };
  input: z.output<typeof listReferralRewardsInput>;
}): Promise<{ items: ReferralRewardRow[]; nextCursor: string | null }> {
  const after = input.cursor
    ? await ctx.db.referralReward.findUnique({
        where: { id: input.cursor },
        select: { id: true, createdAt: true },
      })
    : null;
  if (input.cursor && !after) return { items: [], nextCursor: null };
  const rows = await ctx.db.referralReward.findMany({
    where: after
      ? {
          OR: [
            { createdAt: { lt: after.createdAt } },
            { createdAt: after.createdAt, id: { lt: after.id } },
          ],
        }
      : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    include: {
      referrer: tenantFields,
      referred: tenantFields,
      topUpOrder: { select: { id: true, creditAmount: true, paidAt: true } },
    },
  });
  const items = rows.slice(0, input.limit).map((row) => ({
    id: row.id,
    referrer: row.referrer,
    referred: row.referred,
    topUp: row.topUpOrder,
    rateBps: row.rateBps,
    amount: row.amount,
    reversedAmount: row.reversedAmount,
    createdAt: row.createdAt,
  }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? last.id : null };
}
