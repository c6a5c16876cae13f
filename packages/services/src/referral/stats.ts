// What a workspace sees of referrals: its invite code, how many workspaces signed up through it,
// what they have earned it (net of reversals), and who invited it, if anyone. Scoped by the tenant
// id the caller is a member of: nothing about any other workspace's referrals is read.
import type { Db, Tx } from "@relay/db";

export interface ReferralStats {
  code: string;
  signUps: number;
  /** Micro-dollars credited for their top-ups, minus what refunds took back. */
  earned: bigint;
  /** Top-ups that paid a reward. */
  rewards: number;
  /** The workspace whose invite this one joined through. */
  referredBy: { name: string } | null;
}

export async function getReferralStats({
  ctx,
  input,
}: {
  ctx: { db: Db | Tx };
  input: { tenantId: string };
}): Promise<ReferralStats> {
  const tenant = await ctx.db.tenant.findUniqueOrThrow({
    where: { id: input.tenantId },
    select: { referralCode: true, referredBy: { select: { name: true } } },
  });
  const [signUps, rewards] = await Promise.all([
    ctx.db.tenant.count({ where: { referredById: input.tenantId } }),
    ctx.db.referralReward.aggregate({
      where: { referrerId: input.tenantId },
      _sum: { amount: true, reversedAmount: true },
      _count: true,
    }),
  ]);
  return {
    code: tenant.referralCode,
    signUps,
    earned: (rewards._sum.amount ?? 0n) - (rewards._sum.reversedAmount ?? 0n),
    rewards: rewards._count,
    referredBy: tenant.referredBy ? { name: tenant.referredBy.name } : null,
  };
}
