import { randomBytes } from "node:crypto";

// RFC 4648 base32 without padding: no 0/1/8/9, so O/I/B/g-like misreadings are rare and a typed
// code can be upper-cased safely.
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const GROUPS = 4;
const GROUP_LENGTH = 4;

/** RELAY-XXXX-XXXX-XXXX-XXXX: 16 base32 characters, 80 bits from the CSPRNG. */
export function generateRedemptionCode(): string {
  const bytes = randomBytes(GROUPS * GROUP_LENGTH);
  // 256 is a multiple of 32, so `byte % 32` is uniform.
  const chars = Array.from(bytes, (byte) => ALPHABET[byte % 32] ?? "A").join("");
  const groups = chars.match(new RegExp(`.{${GROUP_LENGTH}}`, "g")) ?? [];
  return `RELAY-${groups.join("-")}`;
}

/** What a person typed, in the stored form: case, spaces and missing dashes forgiven. */
export function normalizeRedemptionCode(typed: string): string {
  const compact = typed.toUpperCase().replace(/[^A-Z0-9]/g, "");
  const body = compact.startsWith("RELAY") ? compact.slice(5) : compact;
  const groups = body.match(new RegExp(`.{1,${GROUP_LENGTH}}`, "g")) ?? [];
  return `RELAY-${groups.join("-")}`;
}
