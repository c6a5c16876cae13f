// Where mail goes, read from the environment once per process: SMTP_URL (e.g.
// smtp://user:pass@host:587, or smtps:// for TLS from the first byte) hands messages to that
// server; without it (the embedded default) they stay in the email_messages table, the outbox
// the operator reads in the console. A malformed value fails the first read with a clear message.
import { z } from "zod";

export const DEFAULT_MAIL_FROM = "Relay <no-reply@relay.local>";

export interface MailSettings {
  /** Undefined: keep messages in the outbox only. */
  smtpUrl?: string;
  from: string;
}

const schema = z.object({
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }).optional(),
  MAIL_FROM: z.string().trim().min(3).default(DEFAULT_MAIL_FROM),
});

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
  return { smtpUrl: parsed.data.SMTP_URL, from: parsed.data.MAIL_FROM };
}

let cached: MailSettings | undefined;

/** This process's settings; call it at start-up to fail early on a bad value. */
export function mailSettings(): MailSettings {
  cached ??= mailSettingsFrom(process.env);
  return cached;
}
