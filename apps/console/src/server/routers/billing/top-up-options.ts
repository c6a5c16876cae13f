import { paymentSettings } from "@relay/payments";
import { z } from "zod";
import { stripeConfig } from "../../payments.ts";
import { tenantProcedure } from "../../trpc.ts";

export const topUpOptionsOutput = z.object({
  configured: z.boolean(),
  currency: z.string(),
  minimumMinor: z.number(),
  presetsMinor: z.array(z.number()),
  methods: z.array(z.string()),
  /** Micro-dollars one minor unit credits: the form shows the exact credit before paying. */
  rateMicrosPerMinor: z.bigint().nullable(),
});

/** What the top-up form offers: the operator's currency, minimum, presets and methods. */
export const billingTopUpOptions = tenantProcedure
  .output(topUpOptionsOutput)
  .query(async ({ ctx }) => {
    const settings = await paymentSettings(ctx.db);
    return {
      configured: stripeConfig() !== undefined,
      currency: settings.currency,
      minimumMinor: settings.minimumMinor,
      presetsMinor: settings.presetsMinor,
      methods: settings.methods,
      rateMicrosPerMinor: settings.rates[settings.currency] ?? null,
    };
  });
