import { hash, randomBytes } from "node:crypto";

const KEY_PREFIX = "sk-relay-";
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const RANDOM_CHARS = 40; // ~238 bits
/** How much of a key is shown again after creation: "sk-relay-" and four random characters. */
const VISIBLE_CHARS = KEY_PREFIX.length + 4;

/** A new API key: "sk-relay-" + 40 base62 characters, drawn without modulo bias. */
export function generateApiKey(): string {
  let out = "";
  while (out.length < RANDOM_CHARS) {
    for (const byte of randomBytes(64)) {
      // 62 * 4 = 248: bytes above that would favour the first letters.
      if (byte < 248 && out.length < RANDOM_CHARS) out += ALPHABET[byte % 62];
    }
  }
  return KEY_PREFIX + out;
}

/** Keys are stored only as this hash; the proxy hashes what a client presents the same way. */
export function hashApiKey(key: string): string {
  // One-shot: every call of the proxy hashes its key, and a Hash object costs three times more.
  return hash("sha256", key, "hex");
}

export function visiblePrefix(key: string): string {
  return key.slice(0, VISIBLE_CHARS);
}
