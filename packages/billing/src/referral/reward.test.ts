// The reward's arithmetic and its exactly-once guarantee, on top-up orders written directly (the
// payment providers' own tests deliver real notifications through the same two calls).
import { randomUUID } from "node:crypto";
import { getDb } from "@relay/db";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { ledgerTotal } from "../balance.ts";
import { postLedgerEntry } from "../ledger.ts";
import { payReferralReward, reverseReferralReward } from "./reward.ts";
import { REFERRAL_SETTING_KEY, type StoredReferralRule } from "./rule.ts";

const db = getDb();
const ctx = { db };

afterAll(async () => {
  await db.$disconnect();
});

async function setRule(rule: StoredReferralRule): Promise<void> {
  const value = { ...rule };
  await db.setting.upsert({
    where: { key: REFERRAL_SETTING_KEY },
    create: { key: REFERRAL_SETTING_KEY, value },
    update: { value },
  });
}

async function workspace(name: string, referredById?: string) {
  const slug = `${name}-${randomUUID().slice(0, 8)}`;
  return db.tenant.create({ data: { name, slug, referredById: referredById ?? null } });
}

/** A top-up of `credit` micro-dollars, paid and credited as the providers credit it. */
async function paidTopUp(tenantId: string, credit: bigint) {
  const order = await db.topUpOrder.create({
    data: {
      tenantId,
      currency: "usd",
      amountMinor: credit / 10_000n,
      creditAmount: credit,
      state: "PAID",
      paidAt: new Date(),
    },
  });
  await postLedgerEntry({
    ctx,
    input: {
      tenantId,
      kind: "TOPUP",
      amount: credit,
      idempotencyKey: `test:${order.id}`,
      reference: order.id,
    },
  });
  return order;
}

async function refunded(orderId: string, refundedAmount: bigint) {
  await db.topUpOrder.update({ where: { id: orderId }, data: { refundedAmount } });
  return reverseReferralReward({ ctx, input: { topUpOrderId: orderId } });
}

async function balance(tenantId: string): Promise<bigint> {
  const row = await db.tenant.findUniqueOrThrow({ where: { id: tenantId } });
  expect(await ledgerTotal({ ctx, input: { tenantId } })).toBe(row.balance);
  return row.balance;
}

describe("referral rewards", () => {
  beforeEach(async () => {
    await setRule({ enabled: true, rateBps: 1_000, capPerReferred: null });
  });

  it("pays 10% of a $20 top-up, $2.000000, to the referrer as a REFERRAL entry", async () => {
    const referrer = await workspace("acme");
    const referred = await workspace("beta", referrer.id);
    const order = await paidTopUp(referred.id, 20_000_000n);
    const reward = await payReferralReward({ ctx, input: { topUpOrderId: order.id } });
    expect(reward).toMatchObject({ amount: 2_000_000n, rateBps: 1_000, referredId: referred.id });
    expect(await balance(referrer.id)).toBe(2_000_000n);
    expect(await balance(referred.id)).toBe(20_000_000n);
    const [entry] = await db.ledgerEntry.findMany({ where: { tenantId: referrer.id } });
    expect(entry).toMatchObject({
      kind: "REFERRAL",
      amount: 2_000_000n,
      reference: order.id,
      idempotencyKey: `referral:${order.id}`,
      reason: "Referral reward: 10% of beta's top-up of $20.000000",
    });
  });

  it("rounds a share down to the micro-dollar", async () => {
    await setRule({ enabled: true, rateBps: 333, capPerReferred: null });
    const referrer = await workspace("acme");
    const order = await paidTopUp((await workspace("beta", referrer.id)).id, 1_000_001n);
    await payReferralReward({ ctx, input: { topUpOrderId: order.id } });
    expect(await balance(referrer.id)).toBe(33_300n); // 1.000001 × 3.33% = 0.0333000333
  });

  it("pays one reward when the same top-up is credited by ten calls at once", async () => {
    const referrer = await workspace("acme");
    const order = await paidTopUp((await workspace("beta", referrer.id)).id, 20_000_000n);
    const rewards = await Promise.all(
      Array.from({ length: 10 }, () =>
        payReferralReward({ ctx, input: { topUpOrderId: order.id } }),
      ),
    );
    expect(new Set(rewards.map((reward) => reward?.id)).size).toBe(1);
    expect(await balance(referrer.id)).toBe(2_000_000n);
    expect(await db.ledgerEntry.count({ where: { tenantId: referrer.id } })).toBe(1);
  });

  it("stops at the cap per referred workspace, paying the part that still fits", async () => {
    await setRule({ enabled: true, rateBps: 1_000, capPerReferred: "3000000" });
    const referrer = await workspace("acme");
    const referred = await workspace("beta", referrer.id);
    const other = await workspace("gamma", referrer.id);
    const pay = async (tenantId: string, credit: bigint) =>
      (
        await payReferralReward({
          ctx,
          input: { topUpOrderId: (await paidTopUp(tenantId, credit)).id },
        })
      )?.amount ?? 0n;
    expect(await pay(referred.id, 20_000_000n)).toBe(2_000_000n);
    expect(await pay(referred.id, 20_000_000n)).toBe(1_000_000n); // $2 due, $1 left under the cap
    expect(await pay(referred.id, 50_000_000n)).toBe(0n);
    // The cap is per referred workspace: another one starts from nothing.
    expect(await pay(other.id, 20_000_000n)).toBe(2_000_000n);
    expect(await balance(referrer.id)).toBe(5_000_000n);
  });

  it("two top-ups paid at once cannot both fit under a cap with room for one", async () => {
    await setRule({ enabled: true, rateBps: 1_000, capPerReferred: "2000000" });
    const referrer = await workspace("acme");
    const referred = await workspace("beta", referrer.id);
    const orders = await Promise.all([1, 2, 3].map(() => paidTopUp(referred.id, 20_000_000n)));
    await Promise.all(
      orders.map((order) => payReferralReward({ ctx, input: { topUpOrderId: order.id } })),
    );
    expect(await balance(referrer.id)).toBe(2_000_000n);
  });

  it("reverses half the reward for half the top-up refunded, the rest on the full refund", async () => {
    const referrer = await workspace("acme");
    const order = await paidTopUp((await workspace("beta", referrer.id)).id, 20_000_000n);
    await payReferralReward({ ctx, input: { topUpOrderId: order.id } });
    expect(await refunded(order.id, 10_000_000n)).toBe(1_000_000n);
    expect(await refunded(order.id, 10_000_000n)).toBe(0n); // the same refund again
    expect(await balance(referrer.id)).toBe(1_000_000n);
    expect(await refunded(order.id, 20_000_000n)).toBe(1_000_000n);
    expect(await balance(referrer.id)).toBe(0n);
    expect(
      await db.referralReward.findUniqueOrThrow({ where: { topUpOrderId: order.id } }),
    ).toMatchObject({
      amount: 2_000_000n,
      reversedAmount: 2_000_000n,
    });
  });

  it("a reversal may take the referrer below zero, as a refund may", async () => {
    const referrer = await workspace("acme");
    const order = await paidTopUp((await workspace("beta", referrer.id)).id, 20_000_000n);
    await payReferralReward({ ctx, input: { topUpOrderId: order.id } });
    await postLedgerEntry({
      ctx,
      input: {
        tenantId: referrer.id,
        kind: "USAGE",
        amount: -2_000_000n,
        idempotencyKey: randomUUID(),
      },
    });
    await refunded(order.id, 20_000_000n);
    expect(await balance(referrer.id)).toBe(-2_000_000n);
  });

  it("reversed rewards free their room under the cap", async () => {
    await setRule({ enabled: true, rateBps: 1_000, capPerReferred: "2000000" });
    const referrer = await workspace("acme");
    const referred = await workspace("beta", referrer.id);
    const first = await paidTopUp(referred.id, 20_000_000n);
    await payReferralReward({ ctx, input: { topUpOrderId: first.id } });
    await refunded(first.id, 20_000_000n);
    const second = await paidTopUp(referred.id, 10_000_000n);
    expect((await payReferralReward({ ctx, input: { topUpOrderId: second.id } }))?.amount).toBe(
      1_000_000n,
    );
  });

  it("pays nothing when rewards are off, the workspace was not referred, or it is unpaid", async () => {
    const referrer = await workspace("acme");
    const referred = await workspace("beta", referrer.id);
    await setRule({ enabled: false, rateBps: 1_000, capPerReferred: null });
    const whileOff = await paidTopUp(referred.id, 20_000_000n);
    expect(await payReferralReward({ ctx, input: { topUpOrderId: whileOff.id } })).toBeNull();
    await setRule({ enabled: true, rateBps: 1_000, capPerReferred: null });
    const alone = await paidTopUp((await workspace("solo")).id, 20_000_000n);
    expect(await payReferralReward({ ctx, input: { topUpOrderId: alone.id } })).toBeNull();
    const pending = await db.topUpOrder.create({
      data: {
        tenantId: referred.id,
        currency: "usd",
        amountMinor: 2_000n,
        creditAmount: 20_000_000n,
      },
    });
    expect(await payReferralReward({ ctx, input: { topUpOrderId: pending.id } })).toBeNull();
    expect(await balance(referrer.id)).toBe(0n);
  });

  it("a workspace cannot refer itself, nor be given a referrer after it was created", async () => {
    const referrer = await workspace("acme");
    const late = await workspace("late");
    await expect(
      db.tenant.update({ where: { id: late.id }, data: { referredById: late.id } }),
    ).rejects.toThrow(/cannot refer itself/);
    await expect(
      db.tenant.update({ where: { id: late.id }, data: { referredById: referrer.id } }),
    ).rejects.toThrow(/only when it is created/);
    const id = randomUUID();
    await expect(
      db.tenant.create({
        data: { id, name: "self", slug: `self-${id.slice(0, 8)}`, referredById: id },
      }),
    ).rejects.toThrow();
  });
});
