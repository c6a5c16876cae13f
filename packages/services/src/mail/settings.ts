// Where mail goes, configuration each app reads from its environment and passes in: SMTP_URL
// (e.g. smtp://user:pass@host:587, or smtps:// for TLS from the first byte) hands messages to that
// server; without it (the embedded default) they stay in the email_messages table, the outbox the
// operator reads in the console.
import { z } from "zod";

export const DEFAULT_MAIL_FROM = "Relay <no-reply@relay.local>";

export interface MailSettings {
  /** Undefined: keep messages in the outbox only. */
  smtpUrl?: string;
  from: string;
}

/** The mail variables, for an app's environment schema (empty strings already made undefined). */
export const mailEnv = {
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }).optional(),
  MAIL_FROM: z.string().trim().min(3).default(DEFAULT_MAIL_FROM),
};

const schema = z.object(mailEnv);

/** Settings from variables already validated by an app's schema. */
export function mailSettingsOf(env: z.output<typeof schema>): MailSettings {
  return { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM };
}

/** Settings from raw variables (tests, tools); a malformed value throws, naming it. */
export function mailSettingsFrom(env: Record<string, string | undefined>): MailSettings {
  // Empty strings (`SMTP_URL=` in a compose file) mean "not set".
  const parsed = schema.safeParse({
    SMTP_URL: env.SMTP_URL || undefined,
    MAIL_FROM: env.MAIL_FROM || undefined,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid mail configuration:\n${problems.join("\n")}`);
  }
  return mailSettingsOf(parsed.data);
}
