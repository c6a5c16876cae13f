import { setPrice, setPriceInput } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

/** USD per 1M tokens typed by the operator; the audit row keeps the prices it replaced. */
export const priceSet = operatorProcedure
  .input(setPriceInput)
  .output(z.object({ modelId: z.string(), scope: z.enum(["SALE", "COST"]) }))
  .mutation(async ({ ctx, input }) => {
    const price = await setPrice({ ctx, input });
    return { modelId: price.modelId, scope: price.scope };
  });
