// Shared setup for the console's router tests: callers built with createCaller on the real test
// database, people who signed up the ordinary way, and a tRPC error's code as a value.
import { getDb, type MemberRole } from "@relay/db";
import { signUp, signUpInput } from "@relay/services";
import { TRPCError } from "@trpc/server";
import type { AppSession } from "./auth/session.ts";
import { createCaller } from "./root.ts";
import { createContext } from "./trpc.ts";

export const db = getDb();

export function callerFor(session: AppSession | null) {
  return createCaller(createContext({ db, session }));
}

export type Caller = ReturnType<typeof callerFor>;

/** Signs up like a visitor: a user, a tenant of their own, OWNER membership. */
export async function person(email: string) {
  const { user, tenant } = await signUp({
    ctx: { db, actor: { label: "test" } },
    input: signUpInput.parse({ name: email.split("@")[0], email, password: "password123" }),
  });
  return { session: { user: { ...user } } satisfies AppSession, tenant };
}

export type Person = Awaited<ReturnType<typeof person>>;

export async function join(userId: string, tenantId: string, role: MemberRole): Promise<void> {
  await db.membership.create({ data: { userId, tenantId, role } });
}

/** "OK", or the tRPC error code the call failed with. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}
