import { getReferralSettings, getReferralStats, inviteLink } from "@relay/services";
import { z } from "zod";
import { env } from "../../../env.ts";
import { tenantProcedure } from "../../trpc.ts";

export const referralStatsOutput = z.object({
  link: z.string(),
  signUps: z.number().int(),
  /** Micro-dollars, net of reversals. */
  earned: z.bigint(),
  rewards: z.number().int(),
  referredBy: z.object({ name: z.string() }).nullable(),
  /** The operator's rule as it stands, so the page can say what a referral earns. */
  rule: z.object({
    enabled: z.boolean(),
    rateBps: z.number().int(),
    capPerReferred: z.bigint().nullable(),
  }),
});

/** The member's workspace's invite link and what it has brought; any member may see it. */
export const referralStats = tenantProcedure.output(referralStatsOutput).query(async ({ ctx }) => {
  const stats = await getReferralStats({ ctx, input: { tenantId: ctx.membership.tenantId } });
  return {
    link: inviteLink(env.RELAY_CONSOLE_PUBLIC_URL, stats.code),
    signUps: stats.signUps,
    earned: stats.earned,
    rewards: stats.rewards,
    referredBy: stats.referredBy,
    rule: await getReferralSettings(ctx.db),
  };
});
