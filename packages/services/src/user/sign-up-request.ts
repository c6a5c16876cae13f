// The public sign-up: one answer whether or not the email already has an account, so the form
// cannot be used to find out who uses the platform. A taken address gets an email instead, telling
// its owner someone tried (at most one an hour, so the form cannot be used to flood an inbox).
import type { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { deliverEmail, recordEmail } from "../mail/send.ts";
import type { MailSettings } from "../mail/settings.ts";
import { recordVerificationEmail } from "./email-verification.ts";
import { signUp, type signUpInput } from "./sign-up.ts";

export const SIGN_UP_ATTEMPT_KIND = "sign_up_attempt";

const NOTICE_EVERY_MS = 60 * 60_000;

/** All the visitor learns: the address the request was for. */
export interface SignUpAnswer {
  email: string;
}

/**
 * A new email gets its account (user, tenant, OWNER membership, as `signUp`); a taken one is left
 * as it is and its owner is told by email. Both hash the password (inside `signUp`, before the
 * email is looked up) and answer the same, without waiting for a mail server.
 */
export async function requestSignUp({
  ctx,
  input,
  consoleUrl,
  mail,
  now = new Date(),
}: {
  ctx: ServiceContext;
  input: z.output<typeof signUpInput>;
  /** e.g. https://console.example.com, for the sign-in link in the email. */
  consoleUrl?: string;
  /** The app's SMTP_URL and MAIL_FROM. */
  mail: MailSettings;
  now?: Date;
}): Promise<SignUpAnswer> {
  try {
    const made = await signUp({ ctx, input });
    await verificationAtSignUp(ctx, made.user.id, { email: input.email, consoleUrl, mail, now });
  } catch (error) {
    if (!(error instanceof ServiceError && error.code === "CONFLICT")) throw error;
    await noticeToOwner(ctx, { email: input.email, consoleUrl, mail, now });
  }
  return { email: input.email };
}

/** The verification link for a new, unverified address; an invited address is verified already. */
async function verificationAtSignUp(
  ctx: ServiceContext,
  userId: string,
  to: { email: string; consoleUrl?: string; mail: MailSettings; now: Date },
): Promise<void> {
  const user = await ctx.db.user.findUnique({
    where: { id: userId },
    select: { emailVerified: true },
  });
  if (user?.emailVerified) return;
  const message = await recordVerificationEmail(ctx.db, { userId, ...to });
  void deliverEmail(ctx.db, message, to.mail).catch((error: unknown) => {
    console.error(`email ${message.id} (verification) not recorded as sent:`, error);
  });
}

async function noticeToOwner(
  ctx: ServiceContext,
  notice: { email: string; consoleUrl?: string; mail: MailSettings; now: Date },
): Promise<void> {
  const recent = await ctx.db.emailMessage.findFirst({
    where: {
      kind: SIGN_UP_ATTEMPT_KIND,
      to: notice.email,
      createdAt: { gt: new Date(notice.now.getTime() - NOTICE_EVERY_MS) },
    },
    select: { id: true },
  });
  if (recent) return;
  const message = await recordEmail(
    ctx.db,
    { kind: SIGN_UP_ATTEMPT_KIND, to: notice.email, ...signUpAttemptEmail(notice) },
    notice.mail,
  );
  // Not awaited: how long a mail server takes must not tell the visitor the address is taken.
  // deliverEmail records its own failures; only a database error can reach this catch.
  void deliverEmail(ctx.db, message, notice.mail).catch((error: unknown) => {
    console.error(`email ${message.id} (${SIGN_UP_ATTEMPT_KIND}) not recorded as sent:`, error);
  });
}

/** The notice in English and Chinese. */
export function signUpAttemptEmail(notice: { email: string; consoleUrl?: string }): {
  subject: string;
  text: string;
} {
  const signIn = notice.consoleUrl ? `${notice.consoleUrl.replace(/\/$/, "")}/sign-in` : undefined;
  return {
    subject: "Someone tried to sign up to Relay with your email / 有人尝试用你的邮箱注册 Relay",
    text: [
      `Someone tried to create a Relay account for ${notice.email}, which already has one. Nothing about your account changed.`,
      signIn ? `If it was you, sign in instead: ${signIn}` : "If it was you, sign in instead.",
      "If it was not you, you can ignore this email.",
      "",
      `有人尝试为 ${notice.email} 创建 Relay 账号，但该邮箱已有账号。你的账号没有任何变化。`,
      signIn ? `如果是你本人，请直接登录：${signIn}` : "如果是你本人，请直接登录。",
      "如果不是你，可以忽略这封邮件。",
      "",
    ].join("\n"),
  };
}
