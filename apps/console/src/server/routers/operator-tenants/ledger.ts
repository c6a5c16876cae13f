import { listTenantLedger, listTenantLedgerInput } from "@relay/services";
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

export const operatorTenantLedger = operatorProcedure
  .input(listTenantLedgerInput)
  .output(operatorTenantLedgerOutput)
  .query(({ ctx, input }) => listTenantLedger({ ctx, input }));
