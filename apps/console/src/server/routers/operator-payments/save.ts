import { savePaymentSettings, savePaymentSettingsInput } from "@relay/payments";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

/** Saves the "payments" setting; the verb validates it whole and writes the audit row. */
export const operatorPaymentsSave = operatorProcedure
  .input(savePaymentSettingsInput)
  .output(z.object({ currency: z.string(), minimumMinor: z.number().int() }))
  .mutation(async ({ ctx, input }) => {
    const saved = await savePaymentSettings({ ctx, input });
    return { currency: saved.currency, minimumMinor: saved.minimumMinor };
  });
