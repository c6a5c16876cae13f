import { relayHome } from "@relay/db";
import { localEncryptionKey } from "@relay/services/credential";
import { env } from "../env.ts";

let cached: Buffer | undefined;

/**
 * The key upstream credentials are encrypted under: RELAY_ENCRYPTION_KEY when set, which env.ts
 * requires in production. Otherwise the one generated into `.relay/encryption.key` on first use,
 * shared with the proxy and the CLI of the same checkout.
 */
export function encryptionKey(): Buffer {
  cached ??= env.RELAY_ENCRYPTION_KEY ?? localEncryptionKey(relayHome());
  return cached;
}
