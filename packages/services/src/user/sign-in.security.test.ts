// Password guessing against the real database: parallel wrong attempts are each counted once, the
// account is then refused even the right password until its window is over, and the address
// limit is separate from the account limit.
import { getDb } from "@relay/db";
import { afterAll, describe, expect, it } from "vitest";
import { passwordSignIn, passwordSignInInput, SIGN_IN_LIMITS } from "./sign-in.ts";
import { signUp, signUpInput } from "./sign-up.ts";

const db = getDb();

afterAll(() => db.$disconnect());

async function account(email: string, password = "right password") {
  await signUp({
    ctx: { db, actor: { label: "test" } },
    input: signUpInput.parse({ name: "Guessed", email, password }),
  });
}

function attempt(email: string, password: string, ip: string, now: Date) {
  return passwordSignIn({
    ctx: { db, now },
    input: passwordSignInInput.parse({ email, password, ip }),
  });
}

const start = new Date("2026-12-01T10:00:00.000Z");
const minutes = (n: number) => new Date(start.getTime() + n * 60_000);

describe("passwordSignIn", () => {
  it("40 parallel wrong passwords lock the account, even against the right one, until the window ends", async () => {
    await account("target@throttle.example");
    await account("neighbour@throttle.example");
    const ip = "203.0.113.40";

    const guesses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        attempt("target@throttle.example", `wrong ${i}`, ip, start),
      ),
    );
    const reasons = guesses.map((g) => (g.ok ? "ok" : g.reason));
    // Only the first five were ever checked; the other 35 never reached the password.
    expect(reasons.filter((r) => r === "invalid")).toHaveLength(SIGN_IN_LIMITS.perEmail);
    expect(reasons.filter((r) => r === "throttled")).toHaveLength(40 - SIGN_IN_LIMITS.perEmail);

    expect(await attempt("target@throttle.example", "right password", ip, minutes(1))).toEqual({
      ok: false,
      reason: "throttled",
      retryAfterSeconds: 14 * 60,
    });
    // From another address too: the lock is on the account.
    expect(
      await attempt("target@throttle.example", "right password", "198.51.100.9", minutes(14)),
    ).toMatchObject({ ok: false, reason: "throttled", retryAfterSeconds: 60 });

    // Someone else behind the same address is well within its limit.
    expect(
      await attempt("neighbour@throttle.example", "right password", ip, minutes(1)),
    ).toMatchObject({ ok: true, user: { email: "neighbour@throttle.example" } });

    // Once the window is over the right password works again.
    expect(
      await attempt("target@throttle.example", "right password", ip, minutes(15)),
    ).toMatchObject({ ok: true, user: { email: "target@throttle.example", role: "USER" } });
  });

  it("the right password clears the account's typos, so they never add up to a lock", async () => {
    await account("typo@throttle.example");
    const ip = "203.0.113.41";
    for (let round = 0; round < 3; round++) {
      for (let typo = 1; typo < SIGN_IN_LIMITS.perEmail; typo++) {
        expect(await attempt("typo@throttle.example", "rihgt password", ip, start)).toEqual({
          ok: false,
          reason: "invalid",
        });
      }
      expect((await attempt("typo@throttle.example", "right password", ip, start)).ok).toBe(true);
    }
  });

  it("one address is stopped at the address limit, whichever accounts it tries", async () => {
    await account("sprayed@throttle.example");
    const ip = "203.0.113.42";
    // Mostly refused by the guessed account's own limit (cheap: no password checked), but every
    // one of them counts against the address.
    const spray = await Promise.all(
      Array.from({ length: SIGN_IN_LIMITS.perAddress }, () =>
        attempt("nobody@throttle.example", "password1", ip, start),
      ),
    );
    expect(spray.some((s) => s.ok)).toBe(false);
    expect(await attempt("sprayed@throttle.example", "right password", ip, minutes(5))).toEqual({
      ok: false,
      reason: "throttled",
      retryAfterSeconds: 10 * 60,
    });
    expect(
      (await attempt("sprayed@throttle.example", "right password", "203.0.113.43", minutes(5))).ok,
    ).toBe(true);
  });

  it("unknown, password-less and disabled accounts all read as invalid", async () => {
    await account("disabled@throttle.example");
    await db.user.update({
      where: { email: "disabled@throttle.example" },
      data: { disabledAt: new Date() },
    });
    await db.user.create({ data: { email: "github-only@throttle.example", name: "GH" } });
    for (const email of [
      "unknown@throttle.example",
      "github-only@throttle.example",
      "disabled@throttle.example",
    ]) {
      expect(await attempt(email, "right password", "203.0.113.44", start)).toEqual({
        ok: false,
        reason: "invalid",
      });
    }
  });
});
