import { listReferralRewards, listReferralRewardsInput } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

const workspace = z.object({ id: z.string(), name: z.string(), slug: z.string() });

export const referralRewardsOutput = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      referrer: workspace,
      referred: workspace,
      topUp: z.object({ id: z.string(), creditAmount: z.bigint(), paidAt: z.date().nullable() }),
      rateBps: z.number().int(),
      amount: z.bigint(),
      reversedAmount: z.bigint(),
      createdAt: z.date(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

/** Every reward paid, newest first. */
export const operatorReferralsRewards = operatorProcedure
  .input(listReferralRewardsInput)
  .output(referralRewardsOutput)
  .query(({ ctx, input }) => listReferralRewards({ ctx, input }));
