import { listCodes, listCodesInput } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

export const codesList = operatorProcedure
  .input(listCodesInput)
  .output(
    z.object({
      rows: z.array(
        z.object({
          id: z.uuid(),
          code: z.string(),
          batchId: z.string(),
          amount: z.bigint(),
          state: z.enum(["ACTIVE", "REDEEMED", "DISABLED"]),
          expiresAt: z.date().nullable(),
          createdAt: z.date(),
          redeemedAt: z.date().nullable(),
          redeemedByTenant: z.object({ id: z.uuid(), name: z.string() }).nullable(),
        }),
      ),
      nextCursor: z.uuid().nullable(),
    }),
  )
  .query(({ ctx, input }) => listCodes({ ctx, input }));
