// Email verification for password sign-ups: a single-use link emailed at sign-up (and again on
// request). Unverified people use the console and keys as usual; only topping up waits for it.
import { type Db, inTransaction, type Tx } from "@relay/db";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { deliverEmail, recordEmail } from "../mail/send.ts";
import type { MailSettings } from "../mail/settings.ts";
import { consumeUserToken, issueUserToken, linkTo } from "./tokens.ts";

export const EMAIL_VERIFICATION_KIND = "email_verification";
const VERIFICATION_HOURS = 48;
/** Resends are spaced, so the button cannot flood an inbox. */
const RESEND_EVERY_MS = 60_000;

export const EMAIL_NOT_VERIFIED_MESSAGE =
  "Verify your email address before topping up: use the link we emailed you, or send a new one.";

/**
 * Records the verification email inside the caller's transaction (a sign-up's); delivery is the
 * caller's to start once it commits, with `deliverVerificationEmail`.
 */
export async function recordVerificationEmail(
  tx: Db | Tx,
  input: { userId: string; email: string; consoleUrl?: string; mail: MailSettings; now: Date },
) {
  const token = await issueUserToken(tx, {
    userId: input.userId,
    kind: "email_verification",
    ttlMs: VERIFICATION_HOURS * 3_600_000,
    now: input.now,
  });
  return recordEmail(
    tx,
    {
      kind: EMAIL_VERIFICATION_KIND,
      to: input.email,
      ...verificationEmail(linkTo(input.consoleUrl, `/verify-email/${token}`)),
    },
    input.mail,
  );
}

/** A new link for the signed-in person, unless they are verified or asked a minute ago. */
export async function resendVerificationEmail({
  ctx,
  consoleUrl,
  mail,
  now = new Date(),
}: {
  ctx: ServiceContext & { actor: { userId: string } };
  consoleUrl?: string;
  mail: MailSettings;
  now?: Date;
}): Promise<{ sent: boolean }> {
  const user = await ctx.db.user.findUnique({
    where: { id: ctx.actor.userId },
    select: { id: true, email: true, emailVerified: true },
  });
  if (!user) throw new ServiceError("NOT_FOUND", "No such user");
  if (user.emailVerified) return { sent: false };
  const recent = await ctx.db.userToken.findFirst({
    where: {
      userId: user.id,
      kind: "email_verification",
      createdAt: { gt: new Date(now.getTime() - RESEND_EVERY_MS) },
    },
    select: { id: true },
  });
  if (recent) throw new ServiceError("RATE_LIMITED", "A link was sent a minute ago");
  const message = await recordVerificationEmail(ctx.db, {
    userId: user.id,
    email: user.email,
    consoleUrl,
    mail,
    now,
  });
  await deliverEmail(ctx.db, message, mail);
  return { sent: true };
}

/** Spends a verification link; an unknown, used or expired one is a NOT_FOUND. */
export async function verifyEmail({
  ctx,
  input,
  now = new Date(),
}: {
  ctx: Pick<ServiceContext, "db">;
  input: { token: string };
  now?: Date;
}): Promise<{ email: string }> {
  return inTransaction(ctx.db, async (tx) => {
    const userId = await consumeUserToken(tx, {
      kind: "email_verification",
      token: input.token,
      now,
    });
    if (!userId) throw new ServiceError("NOT_FOUND", "This verification link is not valid");
    const user = await tx.user.update({
      where: { id: userId },
      data: { emailVerified: now },
      select: { email: true },
    });
    return { email: user.email };
  });
}

/** The one check every top-up makes: a FORBIDDEN until the person's email is verified. */
export async function assertEmailVerified(db: Db | Tx, userId: string): Promise<void> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { emailVerified: true } });
  if (!user?.emailVerified) throw new ServiceError("FORBIDDEN", EMAIL_NOT_VERIFIED_MESSAGE);
}

export function verificationEmail(link: string): { subject: string; text: string } {
  return {
    subject: "Verify your email for Relay / 验证你的 Relay 邮箱",
    text: [
      "Confirm this address to finish setting up your Relay account (needed before your first top-up).",
      `Verify: ${link}`,
      `The link works once and expires in ${VERIFICATION_HOURS} hours.`,
      "",
      "请确认此邮箱以完成 Relay 账号设置（首次充值前需要验证）。",
      `验证：${link}`,
      `该链接只能使用一次，${VERIFICATION_HOURS} 小时后失效。`,
      "",
    ].join("\n"),
  };
}
