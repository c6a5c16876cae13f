import type { listLedger } from "@relay/services";
import { z } from "zod";

/** A page of a tenant's ledger, as developers (billing.ledger) and operators see it. */
export const ledgerPageOutput = z.object({
  items: z.array(
    z.object({
      /** The entry's bigint id as a string, like the cursor that pages by it. */
      id: z.string(),
      kind: z.enum(["TOPUP", "GRANT", "REDEMPTION", "REFUND", "USAGE", "ADJUSTMENT", "REFERRAL"]),
      /** Micro-dollars, signed. */
      amount: z.bigint(),
      balanceAfter: z.bigint(),
      reason: z.string().nullable(),
      reference: z.string().nullable(),
      createdAt: z.date(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

export function ledgerPage(
  page: Awaited<ReturnType<typeof listLedger>>,
): z.output<typeof ledgerPageOutput> {
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((entry) => ({
      id: entry.id.toString(),
      kind: entry.kind,
      amount: entry.amount,
      balanceAfter: entry.balanceAfter,
      reason: entry.reason,
      reference: entry.reference,
      createdAt: entry.createdAt,
    })),
  };
}
