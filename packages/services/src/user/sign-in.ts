// Email and password sign-in, throttled per email and per client address. Every attempt is
// counted (one atomic upsert for both counters) before the password is checked, and a successful
// attempt clears the account's count and gives the address its attempt back: forty parallel guesses get forty distinct counts, so at most the
// first few are ever checked, whatever order they land in. Rows live in PostgreSQL so every
// console replica sees the same counts.
import { randomBytes } from "node:crypto";
import type { Db, PlatformRole, Tx } from "@relay/db";
import { z } from "zod";
import { hashPassword, verifyPassword } from "./password.ts";

export const SIGN_IN_LIMITS = {
  windowMs: 15 * 60_000,
  /** Attempts that did not succeed, per email, within a window. */
  perEmail: 5,
  /** Per client address: a shared office address signs many people in. */
  perAddress: 100,
} as const;

export const passwordSignInInput = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(200),
  /** The client's address, when the edge knows it. */
  ip: z.string().trim().min(1).max(100).optional(),
});

export type PasswordSignIn =
  | {
      ok: true;
      user: { id: string; email: string; name: string | null; role: PlatformRole };
    }
  | { ok: false; reason: "invalid" }
  /** The password was right and the account has two-factor on: the code is still missing or wrong. */
  | { ok: false; reason: "code_required" | "code_invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/**
 * The second factor, checked after the password and before the attempt counts as a success, so
 * wrong codes use up the same attempts as wrong passwords. "ok" for an account without one.
 */
export type SecondFactorCheck = (user: {
  id: string;
  totpSecret: string | null;
  totpEnabledAt: Date | null;
}) => Promise<"ok" | "required" | "wrong">;

/**
 * The user for a right email and password; "invalid" for anything else (unknown email, no
 * password, disabled, wrong password: one answer, in about the same time); "throttled" without
 * looking at the password once the email or the address has used up its attempts.
 */
export async function passwordSignIn({
  ctx,
  input,
}: {
  ctx: { db: Db; now?: Date; secondFactor?: SecondFactorCheck };
  input: z.output<typeof passwordSignInInput>;
}): Promise<PasswordSignIn> {
  const now = ctx.now ?? new Date();
  const keys = [`email:${input.email}`, ...(input.ip ? [`ip:${input.ip}`] : [])];
  const counts = await countAttempt(ctx.db, keys, now);
  const over = counts.filter((row) => row.attempts > limitOf(row.key));
  if (over.length > 0) {
    const until = Math.max(
      ...over.map((row) => row.windowStartedAt.getTime() + SIGN_IN_LIMITS.windowMs),
    );
    return {
      ok: false,
      reason: "throttled",
      retryAfterSeconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)),
    };
  }

  const user = await ctx.db.user.findUnique({ where: { email: input.email } });
  // An unknown email costs one scrypt too, so the time taken does not tell whether it exists.
  const matches = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash()));
  if (!user?.passwordHash || user.disabledAt || !matches) return { ok: false, reason: "invalid" };
  const second = ctx.secondFactor ? await ctx.secondFactor(user) : "ok";
  if (second !== "ok") {
    return { ok: false, reason: second === "required" ? "code_required" : "code_invalid" };
  }

  // The account's own typos are forgotten; the address only gets this attempt back, or one
  // account of the attacker's own could wipe the address's count.
  await ctx.db.$executeRaw`
    UPDATE "sign_in_throttles"
    SET "attempts" = CASE WHEN "key" = ${keys[0]} THEN 0 ELSE GREATEST("attempts" - 1, 0) END
    WHERE "key" = ANY(${keys}::text[])`;
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}

function limitOf(key: string): number {
  return key.startsWith("email:") ? SIGN_IN_LIMITS.perEmail : SIGN_IN_LIMITS.perAddress;
}

/**
 * One statement: each key's count goes up by one (or starts again at 1 when its window is over)
 * and comes back. Rows are locked in `keys` order (email, then address), the same in every
 * attempt, so concurrent attempts queue instead of deadlocking.
 */
export function countAttempt(
  db: Db | Tx,
  keys: string[],
  now: Date,
): Promise<Array<{ key: string; attempts: number; windowStartedAt: Date }>> {
  const expired = new Date(now.getTime() - SIGN_IN_LIMITS.windowMs);
  return db.$queryRaw`
    INSERT INTO "sign_in_throttles" ("key", "attempts", "window_started_at")
    SELECT "key", 1, ${now} FROM unnest(${keys}::text[]) WITH ORDINALITY AS k("key", "n")
    ORDER BY "n"
    ON CONFLICT ("key") DO UPDATE SET
      "attempts" = CASE WHEN "sign_in_throttles"."window_started_at" <= ${expired}
        THEN 1 ELSE "sign_in_throttles"."attempts" + 1 END,
      "window_started_at" = CASE WHEN "sign_in_throttles"."window_started_at" <= ${expired}
        THEN ${now} ELSE "sign_in_throttles"."window_started_at" END
    RETURNING "key", "attempts", "window_started_at" AS "windowStartedAt"`;
}

let dummy: Promise<string> | undefined;

function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString("hex"));
  return dummy;
}
