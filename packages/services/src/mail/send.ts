// Every email the platform sends is first a row of email_messages, then (with SMTP configured) a
// delivery that records when the server accepted it or why it did not. The row comes first, so a
// message is never lost without a trace: a crash between the two leaves a row with neither
// sentAt nor error. Without SMTP the row is the whole story: the outbox the operator reads.
import type { Db, EmailMessage, Tx } from "@relay/db";
import type { Transporter } from "nodemailer";
import type { MailSettings } from "./settings.ts";

export interface EmailInput {
  /** What the message is for, e.g. "invitation", "low_balance". */
  kind: string;
  /** One address, or several separated by commas. */
  to: string;
  subject: string;
  text: string;
  html?: string;
  tenantId?: string;
}

/** Records the message, with the transport it will go by. Safe inside a caller's transaction. */
export async function recordEmail(
  db: Db | Tx,
  input: EmailInput,
  settings: MailSettings,
): Promise<EmailMessage> {
  return db.emailMessage.create({
    data: {
      kind: input.kind,
      to: input.to,
      subject: input.subject,
      text: input.text,
      html: input.html ?? null,
      tenantId: input.tenantId ?? null,
      transport: settings.smtpUrl ? "smtp" : "outbox",
    },
  });
}

const transporters = new Map<string, Promise<Transporter>>();

/**
 * nodemailer is loaded with the first message that goes by SMTP: the proxy imports this module
 * for its balance alerts, and most processes (and every one without SMTP) never send a mail.
 */
function transporter(smtpUrl: string): Promise<Transporter> {
  let found = transporters.get(smtpUrl);
  if (!found) {
    // Bounded waits: a mail server that hangs must not hold a sweep or a request for minutes.
    found = import("nodemailer").then(({ createTransport }) =>
      createTransport({
        url: smtpUrl,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
      }),
    );
    transporters.set(smtpUrl, found);
  }
  return found;
}

/**
 * Hands a recorded "smtp" message to the server and records the outcome. Never throws for a
 * delivery failure: the error is in the row, where the operator's outbox shows it.
 */
export async function deliverEmail(
  db: Db | Tx,
  message: EmailMessage,
  settings: MailSettings,
): Promise<EmailMessage> {
  if (message.transport !== "smtp" || !settings.smtpUrl) return message;
  try {
    await (await transporter(settings.smtpUrl)).sendMail({
      from: settings.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      ...(message.html ? { html: message.html } : {}),
    });
    return db.emailMessage.update({ where: { id: message.id }, data: { sentAt: new Date() } });
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    console.error(`email ${message.id} (${message.kind}) not delivered: ${text}`);
    return db.emailMessage.update({
      where: { id: message.id },
      data: { error: text.slice(0, 1000) },
    });
  }
}

/** Records and, with SMTP configured, delivers one message. Call it outside transactions. */
export async function sendEmail(
  db: Db | Tx,
  input: EmailInput,
  settings: MailSettings,
): Promise<EmailMessage> {
  return deliverEmail(db, await recordEmail(db, input, settings), settings);
}
