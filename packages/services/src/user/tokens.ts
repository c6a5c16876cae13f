// Single-use emailed links (password reset, email verification): the token is random, goes out
// once in the email and is kept only as its hash, so a read of the table gives no working link.
import { createHash, randomBytes } from "node:crypto";
import type { Db, Tx } from "@relay/db";

export type UserTokenKind = "password_reset" | "email_verification";

export function hashUserToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A new link for the user; their earlier unused links of the same kind stop working. */
export async function issueUserToken(
  db: Db | Tx,
  input: { userId: string; kind: UserTokenKind; ttlMs: number; now: Date },
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db.userToken.updateMany({
    where: { userId: input.userId, kind: input.kind, usedAt: null },
    data: { usedAt: input.now },
  });
  await db.userToken.create({
    data: {
      userId: input.userId,
      kind: input.kind,
      tokenHash: hashUserToken(token),
      expiresAt: new Date(input.now.getTime() + input.ttlMs),
    },
  });
  return token;
}

/**
 * Spends a link: the user it was for, or null when it is unknown, of another kind, used or
 * expired. One conditional update, so two clicks racing spend it once.
 */
export async function consumeUserToken(
  tx: Tx,
  input: { kind: UserTokenKind; token: string; now: Date },
): Promise<string | null> {
  const found = await tx.userToken.findUnique({
    where: { tokenHash: hashUserToken(input.token) },
    select: { id: true, userId: true, kind: true },
  });
  if (!found || found.kind !== input.kind) return null;
  const spent = await tx.userToken.updateMany({
    where: { id: found.id, usedAt: null, expiresAt: { gt: input.now } },
    data: { usedAt: input.now },
  });
  return spent.count === 1 ? found.userId : null;
}

export function linkTo(consoleUrl: string | undefined, path: string): string {
  return `${(consoleUrl ?? "").replace(/\/$/, "")}${path}`;
}
