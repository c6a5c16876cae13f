// Upstream credentials are encrypted at rest with AES-256-GCM under a key the app passes in. Each
// app reads RELAY_ENCRYPTION_KEY (32 bytes as hex or base64) through `encryptionKeyText` in its
// environment schema and requires it in production; outside production, without one,
// `localEncryptionKey` keeps a generated key in the .relay folder so the embedded defaults need
// no setup.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

const VERSION = "v1";
const HEX_KEY = /^[0-9a-f]{64}$/i;
// 32 bytes are 43 base64 characters and one "=" of padding (optional, as is the URL alphabet).
const BASE64_KEY = /^[A-Za-z0-9+/_-]{43}=?$/;

export const ENCRYPTION_KEY_FORMAT =
  "must be 32 bytes, as 64 hex characters or base64 (openssl rand -hex 32)";

/** The key written as hex or base64; undefined when it is anything else. */
export function parseEncryptionKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (HEX_KEY.test(trimmed)) return Buffer.from(trimmed, "hex");
  if (!BASE64_KEY.test(trimmed)) return undefined;
  // Node's base64 decoder reads both alphabets.
  const key = Buffer.from(trimmed, "base64");
  return key.length === 32 ? key : undefined;
}

/** RELAY_ENCRYPTION_KEY in an app's environment schema: the text in, the 32-byte key out. */
export const encryptionKeyText = z.string().transform((text, ctx) => {
  const key = parseEncryptionKey(text);
  if (!key) {
    ctx.addIssue({ code: "custom", message: ENCRYPTION_KEY_FORMAT });
    return z.NEVER;
  }
  return key;
});

/**
 * The development key kept in `home` (the .relay folder), generated on first use. Never for
 * production, where losing the folder would make every stored credential unreadable.
 */
export function localEncryptionKey(home: string): Buffer {
  const file = join(home, "encryption.key");
  if (!existsSync(file)) {
    mkdirSync(home, { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString("hex"), { flag: "wx" });
      chmodSync(file, 0o600);
    } catch (error) {
      // Another process (the console beside the proxy) wrote it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  const key = parseEncryptionKey(readFileSync(file, "utf8"));
  if (!key) throw new Error(`${file} ${ENCRYPTION_KEY_FORMAT}`);
  return key;
}

export function encryptSecret(plaintext: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")}`;
}

export function decryptSecret(sealed: string, key: Buffer): string {
  const [version, payload] = sealed.split(":");
  if (version !== VERSION || !payload) throw new Error("Unknown credential format");
  const raw = Buffer.from(payload, "base64");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}

/** The only part of a credential ever shown again. */
export function credentialHint(secret: string): string {
  return secret.length <= 8 ? "…" : `…${secret.slice(-4)}`;
}
