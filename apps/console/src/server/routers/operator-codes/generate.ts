import { generateCodes, generateCodesInput } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

export const codesGenerate = operatorProcedure
  .input(generateCodesInput)
  .output(z.object({ batchId: z.string(), amount: z.bigint(), count: z.number().int() }))
  .mutation(async ({ ctx, input }) => {
    const batch = await generateCodes({ ctx, input });
    return { batchId: batch.batchId, amount: batch.amount, count: batch.codes.length };
  });
