import {
  getReferralSettings,
  saveReferralSettings,
  saveReferralSettingsInput,
} from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

export const referralRuleOutput = z.object({
  enabled: z.boolean(),
  /** 1000 = 10% of each paid top-up. */
  rateBps: z.number().int(),
  /** Micro-dollars per referred workspace; null: no cap. */
  capPerReferred: z.bigint().nullable(),
});

/** The referral rule as stored (off when never saved). */
export const operatorReferralsGet = operatorProcedure
  .output(referralRuleOutput)
  .query(({ ctx }) => getReferralSettings(ctx.db));

/** Saves the rule; the verb validates it and writes the audit row in the same transaction. */
export const operatorReferralsSave = operatorProcedure
  .input(saveReferralSettingsInput)
  .output(referralRuleOutput)
  .mutation(({ ctx, input }) => saveReferralSettings({ ctx, input }));
