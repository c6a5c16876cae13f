// Invite links: /sign-up?ref=<code>. A code is read as typed in a URL, so it is trimmed and
// lower-cased; anything that is not a known workspace's code refers nobody (never an error: a
// stale or mistyped link still lets the visitor sign up).
import type { Db, Tx } from "@relay/db";
import { z } from "zod";

/** What a `ref` may look like; longer or odder values are dropped before any lookup. */
export const referralCodeInput = z
  .string()
  .trim()
  .toLowerCase()
  .transform((code) => (/^[a-z0-9-]{4,64}$/.test(code) ? code : undefined));

/** The workspace whose invite code this is, or undefined. */
export async function referrerByCode(
  db: Db | Tx,
  code: string | undefined,
): Promise<{ id: string; name: string } | undefined> {
  if (!code) return undefined;
  const tenant = await db.tenant.findUnique({
    where: { referralCode: code },
    select: { id: true, name: true },
  });
  return tenant ?? undefined;
}

/** The link a workspace shares, on the console's public address. */
export function inviteLink(consoleUrl: string, code: string): string {
  return `${consoleUrl.replace(/\/$/, "")}/sign-up?ref=${encodeURIComponent(code)}`;
}
