// Referrals through the verbs the console calls: signing up through an invite link records the
// referrer (an unknown code refers nobody), the operator's rule is saved with its audit row, and
// only paid top-ups earn rewards: redemption codes and operator credits pay none.
import { randomUUID } from "node:crypto";
import { getBalance, payReferralReward, postLedgerEntry } from "@relay/billing";
import { getDb } from "@relay/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context.ts";
import { generateCodes, generateCodesInput } from "../redemption/generate.ts";
import { redeemCode } from "../redemption/redeem.ts";
import { creditTenant, creditTenantInput } from "../tenant/credit.ts";
import { signUp, signUpInput } from "../user/sign-up.ts";
import { inviteLink } from "./code.ts";
import { listReferralRewards, listReferralRewardsInput } from "./rewards.ts";
import { saveReferralSettings, saveReferralSettingsInput } from "./settings.ts";
import { getReferralStats } from "./stats.ts";

const db = getDb();
const ctx: ServiceContext = { db, actor: { label: "test" } };
afterAll(() => db.$disconnect());

beforeAll(async () => {
  await saveReferralSettings({
    ctx,
    input: saveReferralSettingsInput.parse({ enabled: true, rateBps: 1_000 }),
  });
});

async function join(name: string, ref?: string) {
  const email = `${name}-${randomUUID().slice(0, 8)}@example.com`;
  return signUp({
    ctx,
    input: signUpInput.parse({ name, email, password: "correct horse", ref }),
  });
}

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
  await payReferralReward({ ctx, input: { topUpOrderId: order.id } });
  return order;
}

describe("invite links", () => {
  it("each workspace has its own code, shown as <console>/sign-up?ref=<code>", async () => {
    const a = await join("ada");
    const b = await join("bob");
    expect(a.tenant.referralCode).toMatch(/^[0-9a-f]{12}$/);
    expect(a.tenant.referralCode).not.toBe(b.tenant.referralCode);
    expect(inviteLink("https://console.example.com/", a.tenant.referralCode)).toBe(
      `https://console.example.com/sign-up?ref=${a.tenant.referralCode}`,
    );
  });

  it("signing up through one records its workspace as the referrer, and counts the sign-up", async () => {
    const ada = await join("ada");
    // As pasted from a link: spaces and capitals do not matter.
    const bob = await join("bob", ` ${ada.tenant.referralCode.toUpperCase()} `);
    expect(bob.tenant.referredById).toBe(ada.tenant.id);
    expect(await getReferralStats({ ctx, input: { tenantId: ada.tenant.id } })).toEqual({
      code: ada.tenant.referralCode,
      signUps: 1,
      earned: 0n,
      rewards: 0,
      referredBy: null,
    });
    expect(await getReferralStats({ ctx, input: { tenantId: bob.tenant.id } })).toMatchObject({
      signUps: 0,
      referredBy: { name: "ada" },
    });
    const audit = await db.auditLog.findFirstOrThrow({
      where: { action: "tenant.create", tenantId: bob.tenant.id },
    });
    expect(audit.data).toMatchObject({ referredBy: ada.tenant.id });
  });

  it("an unknown or malformed code refers nobody and does not stop the sign-up", async () => {
    for (const ref of ["000000000000", "x", "<script>", "a".repeat(200)]) {
      const joined = await join("carol", ref);
      expect(joined.tenant.referredById).toBeNull();
    }
  });
});

describe("rewards", () => {
  it("a paid top-up earns the referrer its share; the stats and the operator's list show it", async () => {
    const ada = await join("ada");
    const bob = await join("bob", ada.tenant.referralCode);
    const order = await paidTopUp(bob.tenant.id, 20_000_000n);
    expect((await getBalance({ ctx, input: { tenantId: ada.tenant.id } })).balance).toBe(
      2_000_000n,
    );
    expect(await getReferralStats({ ctx, input: { tenantId: ada.tenant.id } })).toMatchObject({
      signUps: 1,
      earned: 2_000_000n,
      rewards: 1,
    });
    const { items } = await listReferralRewards({
      ctx,
      input: listReferralRewardsInput.parse({ limit: 100 }),
    });
    expect(items.find((row) => row.topUp.id === order.id)).toMatchObject({
      referrer: { id: ada.tenant.id, name: "ada" },
      referred: { id: bob.tenant.id, name: "bob" },
      topUp: { creditAmount: 20_000_000n },
      rateBps: 1_000,
      amount: 2_000_000n,
      reversedAmount: 0n,
    });
  });

  it("a redemption code and an operator credit pay the referrer nothing", async () => {
    const ada = await join("ada");
    const bob = await join("bob", ada.tenant.referralCode);
    const made = await generateCodes({
      ctx,
      input: generateCodesInput.parse({ amount: "20", count: 1 }),
    });
    const code = made.codes[0] ?? "";
    await redeemCode({ ctx, input: { code, userId: bob.user.id, tenantId: bob.tenant.id } });
    await creditTenant({
      ctx,
      input: creditTenantInput.parse({ tenant: bob.tenant.id, amount: "20", reason: "welcome" }),
    });
    expect((await getBalance({ ctx, input: { tenantId: bob.tenant.id } })).balance).toBe(
      40_000_000n,
    );
    expect((await getBalance({ ctx, input: { tenantId: ada.tenant.id } })).balance).toBe(0n);
    expect(await db.referralReward.count({ where: { referredId: bob.tenant.id } })).toBe(0);
  });
});

describe("the operator's rule", () => {
  it("is saved with its audit row; the cap is USD, the rate basis points", async () => {
    const saved = await saveReferralSettings({
      ctx,
      input: saveReferralSettingsInput.parse({
        enabled: true,
        rateBps: 1_500,
        capPerReferred: "50",
      }),
    });
    expect(saved).toEqual({ enabled: true, rateBps: 1_500, capPerReferred: 50_000_000n });
    const audit = await db.auditLog.findFirstOrThrow({
      where: { action: "settings.referral" },
      orderBy: { id: "desc" },
    });
    expect(audit.data).toMatchObject({
      after: { enabled: true, rateBps: 1_500, capPerReferred: "50000000" },
    });
    await saveReferralSettings({
      ctx,
      input: saveReferralSettingsInput.parse({ enabled: true, rateBps: 1_000, capPerReferred: "" }),
    });
  });

  it("refuses a rule that is on at 0%, above 100%, or capped at zero", async () => {
    await expect(
      saveReferralSettings({
        ctx,
        input: saveReferralSettingsInput.parse({ enabled: true, rateBps: 0 }),
      }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(saveReferralSettingsInput.safeParse({ enabled: true, rateBps: 10_001 }).success).toBe(
      false,
    );
    await expect(
      saveReferralSettings({
        ctx,
        input: saveReferralSettingsInput.parse({
          enabled: true,
          rateBps: 1_000,
          capPerReferred: "0",
        }),
      }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});
