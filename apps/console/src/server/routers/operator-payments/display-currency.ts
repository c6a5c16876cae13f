import { getDisplayCurrency, setDisplayCurrency, setDisplayCurrencyInput } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

export const displayCurrencyOutput = z.object({
  configured: z.boolean(),
  currency: z.enum(["USD", "CNY"]),
  cnyPerUsdPpm: z.bigint().nullable(),
  effectivePpm: z.bigint().nullable(),
});

export const operatorDisplayCurrency = operatorProcedure
  .output(displayCurrencyOutput)
  .query(({ ctx }) => getDisplayCurrency({ ctx }));

export const operatorSaveDisplayCurrency = operatorProcedure
  .input(setDisplayCurrencyInput)
  .output(displayCurrencyOutput)
  .mutation(({ ctx, input }) => setDisplayCurrency({ ctx, input }));
