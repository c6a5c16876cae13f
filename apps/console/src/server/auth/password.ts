// The credentials provider's authorize(): email and password through the throttled sign-in verb.
import type { Db } from "@relay/db";
import { passwordSignIn, passwordSignInInput } from "@relay/services";
import {
  TWO_FACTOR_INVALID,
  TWO_FACTOR_REQUIRED,
  throttledSignInError,
} from "../../lib/sign-in-error.ts";
import type { SessionUser } from "./session.ts";
import { secondFactor } from "./two-factor/second-factor.ts";

/**
 * The session user for a right email and password; null (next-auth's generic "wrong email or
 * password") for anything else. A throttled attempt throws, so the form can say how long to wait.
 */
export async function authorizeWithPassword(
  db: Db,
  raw: { email?: unknown; password?: unknown; code?: unknown } | undefined,
  headers: Record<string, unknown> | undefined,
  now?: Date,
): Promise<SessionUser | null> {
  const parsed = passwordSignInInput.safeParse({
    email: raw?.email,
    password: raw?.password,
    ip: clientAddress(headers),
  });
  if (!parsed.success) return null;
  const code = typeof raw?.code === "string" ? raw.code.slice(0, 64) : undefined;
  const result = await passwordSignIn({
    ctx: { db, now, secondFactor: secondFactor(db, code, now) },
    input: parsed.data,
  });
  if (result.ok) return result.user;
  if (result.reason === "throttled")
    throw new Error(throttledSignInError(result.retryAfterSeconds));
  // No session yet: the form asks for the code and sends the password again with it.
  if (result.reason === "code_required") throw new Error(TWO_FACTOR_REQUIRED);
  if (result.reason === "code_invalid") throw new Error(TWO_FACTOR_INVALID);
  return null;
}

/**
 * The last X-Forwarded-For entry: the address the nearest proxy saw (nginx's
 * $proxy_add_x_forwarded_for appends it), or the socket address Next.js fills in when the
 * header is absent. A client reaching the console directly can write this header itself, which
 * is why the account limit does not depend on it.
 */
export function clientAddress(headers: Record<string, unknown> | undefined): string | undefined {
  const forwarded = headers?.["x-forwarded-for"];
  if (typeof forwarded !== "string") return undefined;
  const last = forwarded.split(",").at(-1)?.trim();
  return last ? last.slice(0, 100) : undefined;
}
