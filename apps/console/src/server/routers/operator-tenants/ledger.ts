import { listLedger, listLedgerInput } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";
import { ledgerPage, ledgerPageOutput } from "../billing/ledger-schema.ts";

/** Any tenant's ledger, for operators: the same keyset pages developers get, twenty a page. */
export const operatorTenantLedger = operatorProcedure
  .input(listLedgerInput.extend({ limit: z.number().int().min(1).max(100).default(20) }))
  .output(ledgerPageOutput)
  .query(async ({ ctx, input }) => ledgerPage(await listLedger({ ctx, input })));
