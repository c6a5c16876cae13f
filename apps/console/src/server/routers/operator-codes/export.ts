import { exportBatchCsv } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

/** The batch as CSV text; the browser saves it as a file. */
export const codesExport = operatorProcedure
  .input(z.object({ batchId: z.string().trim().min(1).max(60) }))
  .output(z.object({ filename: z.string(), csv: z.string() }))
  .mutation(async ({ ctx, input }) => ({
    filename: `relay-codes-${input.batchId}.csv`,
    csv: await exportBatchCsv({ ctx, input }),
  }));
