// Referral stats are their workspace's alone: another workspace's id reads as NOT_FOUND, exactly
// like an id that does not exist, and signed out is UNAUTHORIZED. The reward rule and the list of
// rewards are the operator's alone. Through createCaller; the sign-up through an invite link is
// the public procedure's, and an unknown code is not an error.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppSession } from "./auth/session.ts";
import { callerFor, codeOf, db, type Person, person } from "./testing.ts";

let referrer: Person;
let stranger: Person;
let operator: AppSession;
const MISSING = "00000000-0000-4000-8000-000000000000";

beforeAll(async () => {
  referrer = await person("ref-owner@example.com");
  stranger = await person("ref-stranger@example.com");
  const op = await person("ref-operator@example.com");
  await db.user.update({ where: { id: op.session.user.id }, data: { role: "OPERATOR" } });
  operator = { user: { ...op.session.user, role: "OPERATOR" } };
});

afterAll(async () => {
  await db.setting.deleteMany({ where: { key: "referral" } });
  await db.$disconnect();
});

describe("referral stats", () => {
  it("a member sees its invite link and who signed up through it", async () => {
    await callerFor(null).account.signUp({
      name: "Invited",
      email: "ref-invited@example.com",
      password: "password123",
      ref: referrer.tenant.referralCode,
    });
    const stats = await callerFor(referrer.session).referral.stats({
      tenantId: referrer.tenant.id,
    });
    expect(stats).toMatchObject({ signUps: 1, earned: 0n, referredBy: null });
    expect(stats.link).toMatch(new RegExp(`/sign-up\\?ref=${referrer.tenant.referralCode}$`));
  });

  it("another workspace's member, a missing id and no session read nothing", async () => {
    const stats = (tenantId: string, session: AppSession | null) =>
      codeOf(callerFor(session).referral.stats({ tenantId }));
    expect(await stats(referrer.tenant.id, stranger.session)).toBe("NOT_FOUND");
    expect(await stats(MISSING, stranger.session)).toBe("NOT_FOUND");
    expect(await stats(referrer.tenant.id, null)).toBe("UNAUTHORIZED");
  });

  it("an unknown code signs up without a referrer", async () => {
    await callerFor(null).account.signUp({
      name: "Lost",
      email: "ref-lost@example.com",
      password: "password123",
      ref: "no-such-code",
    });
    const user = await db.user.findUniqueOrThrow({
      where: { email: "ref-lost@example.com" },
      include: { memberships: { include: { tenant: true } } },
    });
    expect(user.memberships[0]?.tenant.referredById).toBeNull();
  });
});

describe("the operator's referral pages", () => {
  const rule = { enabled: true, rateBps: 1_000, capPerReferred: "25" };

  it("are refused to workspace owners and to the signed out", async () => {
    const owner = callerFor(referrer.session);
    expect(await codeOf(owner.operatorReferrals.get())).toBe("FORBIDDEN");
    expect(await codeOf(owner.operatorReferrals.save(rule))).toBe("FORBIDDEN");
    expect(await codeOf(owner.operatorReferrals.rewards({}))).toBe("FORBIDDEN");
    expect(await codeOf(callerFor(null).operatorReferrals.rewards({}))).toBe("UNAUTHORIZED");
    expect(await db.setting.findUnique({ where: { key: "referral" } })).toBeNull();
  });

  it("let the operator save the rule, which members then read", async () => {
    const saved = await callerFor(operator).operatorReferrals.save(rule);
    expect(saved).toEqual({ enabled: true, rateBps: 1_000, capPerReferred: 25_000_000n });
    const stats = await callerFor(referrer.session).referral.stats({
      tenantId: referrer.tenant.id,
    });
    expect(stats.rule).toEqual(saved);
    expect(
      await codeOf(callerFor(operator).operatorReferrals.save({ enabled: true, rateBps: 0 })),
    ).toBe("BAD_REQUEST");
  });
});
