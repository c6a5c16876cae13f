import { getDb } from "@relay/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendEmail } from "./send.ts";
import { DEFAULT_MAIL_FROM, mailSettingsFrom } from "./settings.ts";
import { type SmtpDouble, startSmtpDouble } from "./testing.ts";

const db = getDb();
let smtp: SmtpDouble;

beforeAll(async () => {
  smtp = await startSmtpDouble();
});

afterAll(async () => {
  await smtp.close();
  await db.$disconnect();
});

describe("sendEmail", () => {
  it("without SMTP_URL keeps the message in the outbox only", async () => {
    const row = await sendEmail(
      db,
      { kind: "test", to: "dev@outbox.example", subject: "Hello", text: "Body" },
      mailSettingsFrom({}),
    );
    const stored = await db.emailMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored).toMatchObject({
      kind: "test",
      to: "dev@outbox.example",
      subject: "Hello",
      text: "Body",
      html: null,
      tenantId: null,
      transport: "outbox",
      sentAt: null,
      error: null,
    });
  });

  it("with SMTP_URL delivers through the SMTP server, authenticated, and records sentAt", async () => {
    const before = smtp.received.length;
    const row = await sendEmail(
      db,
      {
        kind: "test",
        to: "a@smtp.example, b@smtp.example",
        subject: "余额不足 / Low balance: $1.500000",
        text: "Your balance is $0.250000.",
        html: "<p>Your balance is <b>$0.250000</b>.</p>",
      },
      mailSettingsFrom({ SMTP_URL: smtp.url, MAIL_FROM: "Alerts <alerts@relay.example>" }),
    );
    expect(smtp.received).toHaveLength(before + 1);
    const mail = smtp.received.at(-1);
    expect(mail?.user).toBe("relay");
    expect(mail?.mailFrom).toBe("alerts@relay.example");
    expect(mail?.rcptTo).toEqual(["a@smtp.example", "b@smtp.example"]);
    expect(mail?.subject).toBe("余额不足 / Low balance: $1.500000");
    expect(mail?.body).toContain("Your balance is $0.250000.");
    expect(mail?.body).toContain("<p>Your balance is <b>$0.250000</b>.</p>");
    const stored = await db.emailMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored.transport).toBe("smtp");
    expect(stored.error).toBeNull();
    expect(stored.sentAt).toBeInstanceOf(Date);
  });

  it("a refused delivery is recorded with the server's error, not thrown", async () => {
    smtp.refuse.add("nobody@smtp.example");
    const before = smtp.received.length;
    const row = await sendEmail(
      db,
      { kind: "test", to: "nobody@smtp.example", subject: "Lost", text: "x" },
      mailSettingsFrom({ SMTP_URL: smtp.url }),
    );
    expect(smtp.received).toHaveLength(before);
    expect(row.transport).toBe("smtp");
    expect(row.sentAt).toBeNull();
    expect(row.error).toBe(
      "Can't send mail - all recipients were rejected: 550 No such mailbox nobody@smtp.example",
    );
  });

  it("wrong SMTP credentials are recorded as the error", async () => {
    const url = smtp.url.replace("secret", "wrong");
    const row = await sendEmail(
      db,
      { kind: "test", to: "x@smtp.example", subject: "Denied", text: "x" },
      mailSettingsFrom({ SMTP_URL: url }),
    );
    expect(row.sentAt).toBeNull();
    expect(row.error).toBe("Invalid login: 535 Invalid username or password");
  });
});

describe("mail settings", () => {
  it("defaults the sender and treats empty values as unset", () => {
    expect(mailSettingsFrom({ SMTP_URL: "", MAIL_FROM: "" })).toEqual({
      smtpUrl: undefined,
      from: DEFAULT_MAIL_FROM,
    });
    expect(DEFAULT_MAIL_FROM).toBe("Relay <no-reply@relay.local>");
  });

  it("refuses a URL that is not smtp:// or smtps://", () => {
    expect(() => mailSettingsFrom({ SMTP_URL: "http://mail.example" })).toThrow(
      "Invalid mail configuration:\n  SMTP_URL: must be an smtp:// or smtps:// URL",
    );
  });
});
