import type { Db, LedgerEntry, Tx } from "@relay/db";
import { z } from "zod";

export const listLedgerInput = z.object({
  tenantId: z.uuid(),
  /** The id of the last entry of the previous page; ids only grow, so newest first is id desc. */
  cursor: z.coerce.bigint().optional(),
  limit: z.number().int().min(1).max(100).default(25),
});

export interface LedgerPage {
  items: Array<Omit<LedgerEntry, "idempotencyKey" | "actorId">>;
  nextCursor: string | null;
}

/** A tenant's balance history, newest first, by keyset on the entry id. */
export async function listLedger({
  ctx,
  input,
}: {
  ctx: { db: Db | Tx };
  input: z.output<typeof listLedgerInput>;
}): Promise<LedgerPage> {
  const rows = await ctx.db.ledgerEntry.findMany({
    where: {
      tenantId: input.tenantId,
      ...(input.cursor !== undefined ? { id: { lt: input.cursor } } : {}),
    },
    omit: { idempotencyKey: true, actorId: true },
    orderBy: { id: "desc" },
    take: input.limit + 1,
  });
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? last.id.toString() : null };
}
