import { listFineTunePrices, setFineTunePrice, setFineTunePriceInput } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

const priceRow = z.object({
  model: z.string(),
  /** Micro-dollars per 1M tokens. */
  trainingPerMTok: z.bigint(),
  inputPerMTok: z.bigint(),
  outputPerMTok: z.bigint(),
  /** False: the defaults apply (OpenAI's training price, usage at twice the base model's). */
  custom: z.boolean(),
});

/** Every chat model's fine-tuning prices in force. */
export const operatorFineTuningPrices = operatorProcedure
  .output(z.array(priceRow))
  .query(({ ctx }) => listFineTunePrices(ctx));

/** Sets a base model's fine-tuning prices; the verb writes the audit row with them. */
export const operatorFineTuningSetPrice = operatorProcedure
  .input(setFineTunePriceInput)
  .output(z.object({ model: z.string() }))
  .mutation(async ({ ctx, input }) => {
    const price = await setFineTunePrice({ ctx, input });
    return { model: price.modelId };
  });
