// Upstream credentials are encrypted at rest with AES-256-GCM under a key from the environment
// (RELAY_ENCRYPTION_KEY, 32 bytes as base64 or hex). Without one, outside production, a key is
// generated once into the project's .relay folder so the embedded defaults need no setup.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { relayHome } from "@relay/db";

const VERSION = "v1";

function parseKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed)
    ? Buffer.from(trimmed, "hex")
    : Buffer.from(trimmed, "base64");
  if (key.length !== 32) {
    throw new Error("RELAY_ENCRYPTION_KEY must be 32 bytes, as 64 hex characters or base64");
  }
  return key;
}

let cached: Buffer | undefined;

export function encryptionKey(): Buffer {
  if (cached) return cached;
  const fromEnv = process.env.RELAY_ENCRYPTION_KEY;
  if (fromEnv) {
    cached = parseKey(fromEnv);
    return cached;
  }
  if (process.env.NODE_ENV === "production") {
    throw new Error("RELAY_ENCRYPTION_KEY is required in production (openssl rand -hex 32)");
  }
  const file = join(relayHome(), "encryption.key");
  if (!existsSync(file)) {
    mkdirSync(relayHome(), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("hex"), { flag: "wx" });
    chmodSync(file, 0o600);
  }
  cached = parseKey(readFileSync(file, "utf8"));
  return cached;
}

export function encryptSecret(plaintext: string, key = encryptionKey()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")}`;
}

export function decryptSecret(sealed: string, key = encryptionKey()): string {
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
