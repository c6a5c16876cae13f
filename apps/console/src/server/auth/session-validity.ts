import type { Db } from "@relay/db";

/**
 * Whether a session token signed in at `signedInAt` still stands: a password reset after that
 * moment ends it (every device). A token without the stamp is older than any reset can be told
 * apart from, so a reset ends it too.
 */
export async function stillValid(db: Db, token: { sub?: string; signedInAt?: unknown }) {
  if (!token.sub) return true;
  const user = await db.user.findUnique({
    where: { id: token.sub },
    select: { sessionsValidFrom: true },
  });
  if (!user) return false;
  if (!user.sessionsValidFrom) return true;
  return (
    typeof token.signedInAt === "number" && user.sessionsValidFrom.getTime() <= token.signedInAt
  );
}
