// A referrer's reward for a paid top-up of a workspace it invited, and its reversal on refund.
// The payment providers call both inside the transaction that credits (or refunds) the top-up,
// right after that movement, so a reward exists exactly when its top-up's credit does: a replayed
// or concurrent notification that credits nothing pays nothing, and the reward row (one per
// top-up) and its ledger key (`referral:<top-up id>`) make a second call a no-op anyway.
//
// Locks: the referred workspace's row is locked by its own credit first, then the referrer's
// by the reward. A workspace is referred only when it is created, by one that existed before,
// so every transaction locks a newer workspace before an older one and none can deadlock.
import { inTransaction, type ReferralReward, type Tx } from "@relay/db";
import type { BillingContext } from "../ledger.ts";
import { postLedgerEntry } from "../ledger.ts";
import { formatUsd, type Micros } from "../money.ts";
import { type ReferralRule, referralRule } from "./rule.ts";

const BPS = 10_000n;

/** The rule's share of a credit, in whole micro-dollars (rounded down), before any cap. */
export function rewardShare(credit: Micros, rule: ReferralRule): Micros {
  return (credit * BigInt(rule.rateBps)) / BPS;
}

/**
 * Pays the referrer of the top-up's workspace its reward, if the operator's rule is on and the
 * cap leaves room. Returns the reward (the existing one when it was already paid) or null.
 */
export async function payReferralReward({
  ctx,
  input,
}: {
  ctx: BillingContext;
  input: { topUpOrderId: string };
}): Promise<ReferralReward | null> {
  return inTransaction(ctx.db, async (tx) => {
    const order = await tx.topUpOrder.findUnique({
      where: { id: input.topUpOrderId },
      select: {
        id: true,
        paidAt: true,
        creditAmount: true,
        tenant: { select: { id: true, name: true, referredById: true } },
      },
    });
    const referred = order?.tenant;
    if (!order?.paidAt || order.creditAmount <= 0n || !referred?.referredById) return null;
    const referrerId = referred.referredById;
    if (referrerId === referred.id) return null;
    const rule = await referralRule(tx);
    if (!rule.enabled || rule.rateBps === 0) return null;

    // One referred workspace's rewards are decided one at a time, so two top-ups paid at once
    // cannot both fit under a cap that has room for one.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`referral:${referred.id}`}, 0))`;
    const existing = await tx.referralReward.findUnique({ where: { topUpOrderId: order.id } });
    if (existing) return existing;

    const amount = await capped(tx, referred.id, rewardShare(order.creditAmount, rule), rule);
    if (amount <= 0n) return null;
    const reward = await tx.referralReward.create({
      data: {
        referrerId,
        referredId: referred.id,
        topUpOrderId: order.id,
        rateBps: rule.rateBps,
        amount,
      },
    });
    await postLedgerEntry({
      ctx: { db: tx },
      input: {
        tenantId: referrerId,
        kind: "REFERRAL",
        amount,
        idempotencyKey: `referral:${order.id}`,
        reference: order.id,
        reason: `Referral reward: ${percent(rule.rateBps)} of ${referred.name}'s top-up of $${formatUsd(order.creditAmount)}`,
      },
    });
    return reward;
  });
}

/** What the cap still allows: the cap minus what this workspace has earned, net of reversals. */
async function capped(
  tx: Tx,
  referredId: string,
  share: Micros,
  rule: ReferralRule,
): Promise<Micros> {
  if (rule.capPerReferred === null) return share;
  const earned = await tx.referralReward.aggregate({
    where: { referredId },
    _sum: { amount: true, reversedAmount: true },
  });
  const net = (earned._sum.amount ?? 0n) - (earned._sum.reversedAmount ?? 0n);
  const room = rule.capPerReferred - net;
  return share < room ? share : room;
}

/**
 * Takes back the share of the top-up's reward that its refunds (cumulative, as recorded on the
 * order) now cover: half the top-up refunded, half the reward. Call after the order's refunded
 * amount is updated. The referrer's balance may go below zero, as a refund's may.
 */
export async function reverseReferralReward({
  ctx,
  input,
}: {
  ctx: BillingContext;
  /** `chargedBack`: micro-dollars a lost chargeback took, counted like a refund of that much. */
  input: { topUpOrderId: string; chargedBack?: Micros };
}): Promise<Micros> {
  return inTransaction(ctx.db, async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM referral_rewards WHERE topup_order_id = ${input.topUpOrderId}::uuid FOR UPDATE`;
    if (rows.length === 0) return 0n;
    const reward = await tx.referralReward.findUniqueOrThrow({
      where: { topUpOrderId: input.topUpOrderId },
      include: {
        topUpOrder: { select: { creditAmount: true, refundedAmount: true } },
        referred: { select: { name: true } },
      },
    });
    const { creditAmount, refundedAmount } = reward.topUpOrder;
    const takenBack = refundedAmount + (input.chargedBack ?? 0n);
    const due =
      takenBack >= creditAmount ? reward.amount : (reward.amount * takenBack) / creditAmount;
    const delta = due - reward.reversedAmount;
    if (delta <= 0n) return 0n;
    await tx.referralReward.update({ where: { id: reward.id }, data: { reversedAmount: due } });
    await postLedgerEntry({
      ctx: { db: tx },
      input: {
        tenantId: reward.referrerId,
        kind: "REFERRAL",
        amount: -delta,
        idempotencyKey: `referral:${input.topUpOrderId}:reversed:${due}`,
        reference: input.topUpOrderId,
        reason: `Referral reward reversed: ${reward.referred.name}'s top-up was ${input.chargedBack ? "charged back" : "refunded"}`,
      },
    });
    return delta;
  });
}

/** 1000 -> "10%", 250 -> "2.5%". */
function percent(bps: number): string {
  return `${bps / 100}%`;
}
