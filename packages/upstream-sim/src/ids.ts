import { randomBytes, randomUUID } from "node:crypto";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

// Random bytes drawn a pool at a time: one small draw per id cost more than the id's text.
const POOL_BYTES = 4_096;
let pool = randomBytes(POOL_BYTES);
let used = 0;

function randomByte(): number {
  if (used === POOL_BYTES) {
    pool = randomBytes(POOL_BYTES);
    used = 0;
  }
  return pool[used++] ?? 0;
}

/** A unique id in OpenAI's style ("chatcmpl-" + 29 letters): unique per call, unlike the text. */
export function newId(prefix: string, length = 29): string {
  let out = prefix;
  for (let i = 0; i < length; i++) out += ALPHABET.charAt(randomByte() % ALPHABET.length);
  return out;
}

/** x-request-id, which the openai SDK exposes as `_request_id`: a random UUID's 32 hex digits. */
export function newRequestId(): string {
  return `req_${randomUUID().replaceAll("-", "")}`;
}

/** The sim's constant `system_fingerprint`: one backend configuration, always the same. */
export const SYSTEM_FINGERPRINT = "fp_relay_sim";
