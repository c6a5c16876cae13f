import { setImagePrice, setImagePriceInput } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

export const imagePriceSet = operatorProcedure
  .input(setImagePriceInput)
  .output(z.object({ modelId: z.string(), size: z.string(), quality: z.string() }))
  .mutation(async ({ ctx, input }) => {
    const price = await setImagePrice({ ctx, input });
    return { modelId: price.modelId, size: price.size, quality: price.quality };
  });
