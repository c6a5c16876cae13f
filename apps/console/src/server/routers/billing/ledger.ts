import { listLedger, listLedgerInput } from "@relay/services/tenant/ledger";
import { z } from "zod";
import { tenantProcedure } from "../../trpc.ts";

export const billingLedgerOutput = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(["TOPUP", "GRANT", "REDEMPTION", "REFUND", "USAGE", "ADJUSTMENT"]),
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

export const billingLedger = tenantProcedure
  .input(
    listLedgerInput
      .omit({ tenantId: true })
      .extend({ cursor: z.string().regex(/^\d+$/).optional() }),
  )
  .output(billingLedgerOutput)
  .query(async ({ ctx, input }) => {
    const page = await listLedger({
      ctx,
      input: {
        tenantId: ctx.membership.tenantId,
        limit: input.limit,
        cursor: input.cursor === undefined ? undefined : BigInt(input.cursor),
      },
    });
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
  });
