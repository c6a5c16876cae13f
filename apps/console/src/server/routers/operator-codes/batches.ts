import { listBatches } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

export const codesBatches = operatorProcedure
  .output(
    z.array(
      z.object({
        batchId: z.string(),
        amount: z.bigint(),
        total: z.number().int(),
        redeemed: z.number().int(),
        createdAt: z.date(),
        expiresAt: z.date().nullable(),
      }),
    ),
  )
  .query(({ ctx }) => listBatches({ ctx }));
