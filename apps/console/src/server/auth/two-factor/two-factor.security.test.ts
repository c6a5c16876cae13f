// Two-factor sign-in through the credentials provider's authorize(), with codes computed from the
// secret the enrollment showed: no session without the code, a code works once, a recovery code
// works once, and wrong codes use up the sign-in attempts like wrong passwords.
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, codeOf, db, type Person, person } from "../../testing.ts";
import { authorizeWithPassword } from "../password.ts";

afterAll(() => db.$disconnect());
beforeAll(() => {
  process.env.RELAY_ENCRYPTION_KEY ??= "cd".repeat(32);
});

const codeAt = (secret: string, now: Date) =>
  generate({ secret, epoch: Math.floor(now.getTime() / 1000) });

async function signIn(email: string, password: string, now: Date, code?: string) {
  try {
    const user = await authorizeWithPassword(db, { email, password, code }, undefined, now);
    return user ? "signed in" : "wrong";
  } catch (error) {
    return error instanceof Error ? error.message : "not an Error";
  }
}

async function enrolled(email: string): Promise<{ who: Person; secret: string; codes: string[] }> {
  const who = await person(email);
  const caller = callerFor(who.session);
  const { secret } = await caller.account.twoFactorStart();
  expect(await codeOf(caller.account.twoFactorConfirm({ code: "000000" }))).toBe("BAD_REQUEST");
  const { recoveryCodes } = await caller.account.twoFactorConfirm({
    code: await codeAt(secret, new Date(Date.now() - 30_000)),
  });
  return { who, secret, codes: recoveryCodes };
}

describe("two-factor sign-in", () => {
  it("asks for the code after the right password and signs in only with it, once per code", async () => {
    const email = "totp@two-factor.example";
    const { secret } = await enrolled(email);
    const now = new Date();
    expect(await signIn(email, "password123", now)).toBe("TwoFactorRequired");
    expect(await signIn(email, "wrong-password", now)).toBe("wrong");
    const code = await codeAt(secret, now);
    expect(await signIn(email, "password123", now, code)).toBe("signed in");
    // The same code again, even within its 30 seconds, is refused.
    expect(await signIn(email, "password123", now, code)).toBe("TwoFactorInvalid");
    // The next step's code (a clock a little behind) works.
    const next = new Date(now.getTime() + 30_000);
    expect(await signIn(email, "password123", now, await codeAt(secret, next))).toBe("signed in");
  });

  it("a recovery code signs in once; wrong codes count as failed attempts", async () => {
    const email = "recovery@two-factor.example";
    const { who, codes } = await enrolled(email);
    const [first] = codes;
    expect(codes).toHaveLength(8);
    const now = new Date();
    expect(await signIn(email, "password123", now, first?.toUpperCase())).toBe("signed in");
    expect(await signIn(email, "password123", now, first)).toBe("TwoFactorInvalid");
    expect((await callerFor(who.session).account.security()).twoFactor.recoveryCodesLeft).toBe(7);
    for (let i = 0; i < 4; i++) {
      expect(await signIn(email, "password123", now, "123456")).toBe("TwoFactorInvalid");
    }
    // Five failed attempts since the last success: the right code is refused too.
    expect(await signIn(email, "password123", now, codes[1])).toMatch(/^TooManyAttempts:/);
  });

  it("without two-factor, the password alone signs in as before", async () => {
    await person("plain@two-factor.example");
    expect(await signIn("plain@two-factor.example", "password123", new Date())).toBe("signed in");
  });
});

describe("top-up needs a verified email", () => {
  it("refuses an unverified person's checkout before anything else, and lets them once verified", async () => {
    const who = await person("unverified@two-factor.example");
    const topUp = () =>
      callerFor(who.session).billing.topUp({
        tenantId: who.tenant.id,
        amountMinor: 1000,
        slug: who.tenant.slug,
      });
    expect(await codeOf(topUp())).toBe("FORBIDDEN");
    await db.user.update({
      where: { id: who.session.user.id },
      data: { emailVerified: new Date() },
    });
    // Past the check: this platform has no Stripe configured.
    expect(await codeOf(topUp())).toBe("PRECONDITION_FAILED");
  });
});
