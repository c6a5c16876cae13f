import { listLedger, listLedgerInput } from "@relay/services";
import { z } from "zod";
import { tenantProcedure } from "../../trpc.ts";
import { ledgerPage, ledgerPageOutput } from "./ledger-schema.ts";

/** The member's tenant's ledger, newest first, by keyset on the entry id. */
export const billingLedger = tenantProcedure
  .input(
    listLedgerInput
      .omit({ tenantId: true })
      .extend({ cursor: z.string().regex(/^\d+$/).optional() }),
  )
  .output(ledgerPageOutput)
  .query(async ({ ctx, input }) =>
    ledgerPage(
      await listLedger({
        ctx,
        input: {
          tenantId: ctx.membership.tenantId,
          limit: input.limit,
          cursor: input.cursor === undefined ? undefined : BigInt(input.cursor),
        },
      }),
    ),
  );
