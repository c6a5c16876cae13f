// "Forgot password?": an emailed single-use link, valid 30 minutes, that sets a new password. The
// request answers the same whether or not the address has an account, and is throttled per
// address and per client like sign-in (the same counters table).
import { inTransaction } from "@relay/db";
import { z } from "zod";
import { writeAudit } from "../audit.ts";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { sendEmail } from "../mail/send.ts";
import type { MailSettings } from "../mail/settings.ts";
import { hashPassword } from "./password.ts";
import { countAttempt, SIGN_IN_LIMITS } from "./sign-in.ts";
import { MIN_PASSWORD_LENGTH } from "./sign-up.ts";
import { consumeUserToken, issueUserToken, linkTo } from "./tokens.ts";

export const PASSWORD_RESET_EMAIL_KIND = "password_reset";
export const PASSWORD_RESET_MINUTES = 30;

export const requestPasswordResetInput = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("not an email address")),
  ip: z.string().trim().min(1).max(100).optional(),
});

/**
 * Emails a reset link to an enabled account with a password; nothing for anything else, and
 * nothing once the address or client has used up its attempts. The caller learns none of this.
 */
export async function requestPasswordReset({
  ctx,
  input,
  consoleUrl,
  mail,
  now = new Date(),
}: {
  ctx: Pick<ServiceContext, "db">;
  input: z.output<typeof requestPasswordResetInput>;
  consoleUrl?: string;
  mail: MailSettings;
  now?: Date;
}): Promise<{ email: string }> {
  const keys = [`reset:${input.email}`, ...(input.ip ? [`ip:${input.ip}`] : [])];
  const counts = await countAttempt(ctx.db, keys, now);
  const limit = (key: string) =>
    key.startsWith("reset:") ? SIGN_IN_LIMITS.perEmail : SIGN_IN_LIMITS.perAddress;
  if (counts.some((row) => row.attempts > limit(row.key))) return { email: input.email };

  const user = await ctx.db.user.findUnique({
    where: { email: input.email },
    select: { id: true, disabledAt: true },
  });
  if (!user || user.disabledAt) return { email: input.email };
  const token = await issueUserToken(ctx.db, {
    userId: user.id,
    kind: "password_reset",
    ttlMs: PASSWORD_RESET_MINUTES * 60_000,
    now,
  });
  await sendEmail(
    ctx.db,
    {
      kind: PASSWORD_RESET_EMAIL_KIND,
      to: input.email,
      ...passwordResetEmail(linkTo(consoleUrl, `/reset-password/${token}`)),
    },
    mail,
  );
  return { email: input.email };
}

export const resetPasswordInput = z.object({
  token: z.string().min(1).max(200),
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `password: at least ${MIN_PASSWORD_LENGTH} characters`)
    .max(200),
});

/**
 * Sets the new password through a reset link: the link is spent, every session signed in before
 * now stops working, and the email's sign-in count starts again. An unknown, used or expired link
 * is a NOT_FOUND.
 */
export async function resetPassword({
  ctx,
  input,
  now = new Date(),
}: {
  ctx: Pick<ServiceContext, "db">;
  input: z.output<typeof resetPasswordInput>;
  now?: Date;
}): Promise<{ email: string }> {
  const passwordHash = await hashPassword(input.password);
  return inTransaction(ctx.db, async (tx) => {
    const userId = await consumeUserToken(tx, { kind: "password_reset", token: input.token, now });
    if (!userId) throw new ServiceError("NOT_FOUND", "This reset link is not valid any more");
    const user = await tx.user.update({
      where: { id: userId },
      // The mailbox was reached: that verifies the address too.
      data: { passwordHash, sessionsValidFrom: now, emailVerified: now },
      select: { id: true, email: true, emailVerified: true },
    });
    await tx.signInThrottle.deleteMany({ where: { key: `email:${user.email}` } });
    await writeAudit(
      tx,
      { userId: user.id, label: user.email },
      {
        action: "user.password_reset",
        targetType: "user",
        targetId: user.id,
      },
    );
    return { email: user.email };
  });
}

/** The email in English and Chinese. */
export function passwordResetEmail(link: string): { subject: string; text: string } {
  return {
    subject: "Reset your Relay password / 重置你的 Relay 密码",
    text: [
      `Someone (hopefully you) asked to reset the password of your Relay account.`,
      `Choose a new password: ${link}`,
      `The link works once and expires in ${PASSWORD_RESET_MINUTES} minutes. If you did not ask, you can ignore this email: your password stays as it is.`,
      "",
      "有人（希望是你本人）申请重置你的 Relay 账号密码。",
      `设置新密码：${link}`,
      `该链接只能使用一次，${PASSWORD_RESET_MINUTES} 分钟后失效。如果不是你本人操作，可以忽略这封邮件，密码不会改变。`,
      "",
    ].join("\n"),
  };
}
