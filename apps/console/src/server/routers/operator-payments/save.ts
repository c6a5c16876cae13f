import { PaymentsError, savePaymentSettings, savePaymentSettingsInput } from "@relay/payments";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

/** Saves the "payments" setting; the verb validates it whole and writes the audit row. */
export const operatorPaymentsSave = operatorProcedure
  .input(savePaymentSettingsInput)
  .output(z.object({ currency: z.string(), minimumMinor: z.number().int() }))
  .mutation(async ({ ctx, input }) => {
    try {
      const saved = await savePaymentSettings({ ctx, input });
      return { currency: saved.currency, minimumMinor: saved.minimumMinor };
    } catch (error) {
      if (error instanceof PaymentsError && error.code === "INVALID_SETTINGS")
        throw new TRPCError({ code: "BAD_REQUEST", message: error.message });
      throw error;
    }
  });
