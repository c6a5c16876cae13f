// A real SMTP server on a free local port for tests (smtp-server, the SMTP implementation
// nodemailer's authors keep): it records what it accepted, with the envelope and the decoded
// headers a mail client would show. Only tests import this (smtp-server is a dev dependency).
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  /** The authenticated user. */
  user: string | undefined;
  mailFrom: string;
  rcptTo: string[];
  subject: string;
  /** The body with quoted-printable soft line breaks undone. */
  body: string;
  raw: string;
}

export interface SmtpDouble {
  /** smtp://relay:secret@127.0.0.1:PORT */
  url: string;
  received: ReceivedMail[];
  /** Recipients the server refuses with 550. */
  refuse: Set<string>;
  close(): Promise<void>;
}

export async function startSmtpDouble(): Promise<SmtpDouble> {
  const received: ReceivedMail[] = [];
  const refuse = new Set<string>();
  const server = new SMTPServer({
    // Plain text on loopback: no STARTTLS with a self-signed certificate to distrust.
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === "relay" && auth.password === "secret") {
        callback(null, { user: auth.username });
      } else {
        callback(new Error("Invalid username or password"));
      }
    },
    onRcptTo(address, _session, callback) {
      if (refuse.has(address.address)) {
        const error = Object.assign(new Error(`No such mailbox ${address.address}`), {
          responseCode: 550,
        });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const mailFrom = session.envelope.mailFrom;
        received.push({
          user: typeof session.user === "string" ? session.user : undefined,
          mailFrom: mailFrom ? mailFrom.address : "",
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          subject: header(raw, "subject"),
          body: raw.replace(/=\r?\n/g, ""),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://relay:secret@127.0.0.1:${port}`,
    received,
    refuse,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A header's value, unfolded, with RFC 2047 encoded words decoded. */
export function header(raw: string, name: string): string {
  const head = (raw.split(/\r?\n\r?\n/)[0] ?? "").replace(/\r?\n[ \t]+/g, " ");
  const line = head
    .split(/\r?\n/)
    .find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? decodeWords(line.slice(name.length + 1).trim()) : "";
}

const ENCODED_WORD = /^=\?([^?]+)\?([BbQq])\?([^?]*)\?=$/;

function decodeWords(value: string): string {
  const tokens = value.split(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)/).filter((t) => t !== "");
  const bytes: Buffer[] = [];
  for (const [i, token] of tokens.entries()) {
    const match = ENCODED_WORD.exec(token);
    if (!match) {
      // Whitespace between two encoded words is not part of the text.
      const between =
        ENCODED_WORD.test(tokens[i - 1] ?? "") && ENCODED_WORD.test(tokens[i + 1] ?? "");
      if (!(between && /^\s+$/.test(token))) bytes.push(Buffer.from(token, "utf8"));
      continue;
    }
    const [, , encoding = "", text = ""] = match;
    bytes.push(
      encoding.toUpperCase() === "B"
        ? Buffer.from(text, "base64")
        : Buffer.from(
            text
              .replace(/_/g, " ")
              .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) =>
                String.fromCharCode(Number.parseInt(hex, 16)),
              ),
            "latin1",
          ),
    );
  }
  return Buffer.concat(bytes).toString("utf8");
}
