import { randomBytes } from "node:crypto";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A unique id in OpenAI's style ("chatcmpl-" + 29 letters): unique per call, unlike the text. */
export function newId(prefix: string, length = 29): string {
  const bytes = randomBytes(length);
  let out = prefix;
  for (const byte of bytes) out += ALPHABET.charAt(byte % ALPHABET.length);
  return out;
}

/** x-request-id, which the openai SDK exposes as `_request_id`. */
export function newRequestId(): string {
  return `req_${randomBytes(16).toString("hex")}`;
}

/** The sim's constant `system_fingerprint`: one backend configuration, always the same. */
export const SYSTEM_FINGERPRINT = "fp_relay_sim";
