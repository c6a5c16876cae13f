import { listLedger, listLedgerInput } from "@relay/services/tenant/ledger";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

export const operatorTenantLedgerOutput = z.object({
  items: z.array(
    z.object({
      id: z.bigint(),
      kind: z.enum(["TOPUP", "GRANT", "REDEMPTION", "REFUND", "USAGE", "ADJUSTMENT"]),
      amount: z.bigint(),
      balanceAfter: z.bigint(),
      reason: z.string().nullable(),
      reference: z.string().nullable(),
      createdAt: z.date(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

/** Any tenant's ledger, for operators: the same keyset pages developers get, twenty a page. */
export const operatorTenantLedger = operatorProcedure
  .input(listLedgerInput.extend({ limit: z.number().int().min(1).max(100).default(20) }))
  .output(operatorTenantLedgerOutput)
  .query(({ ctx, input }) => listLedger({ ctx, input }));
