// The second step of a password sign-in for an account with two-factor on: a TOTP code (each
// time step once) or one of the recovery codes (each once). Lives with the console because the
// TOTP library is the console's.
import { createHash } from "node:crypto";
import type { Db } from "@relay/db";
import type { SecondFactorCheck } from "@relay/services";
import { decryptSecret } from "@relay/services/credential";
import { encryptionKey } from "../../encryption-key.ts";
import { totpStep } from "./totp.ts";

/** Recovery codes are compared as typed, without dashes, spaces or case. */
export function hashRecoveryCode(code: string): string {
  const plain = code.replace(/[\s-]/g, "").toLowerCase();
  return createHash("sha256").update(plain).digest("hex");
}

export function secondFactor(
  db: Db,
  code: string | undefined,
  now = new Date(),
): SecondFactorCheck {
  return async (user) => {
    if (!user.totpEnabledAt || !user.totpSecret) return "ok";
    const typed = code?.trim();
    if (!typed) return "required";
    const secret = decryptSecret(user.totpSecret, encryptionKey());
    const step = await totpStep(secret, typed.replace(/\s/g, ""), now);
    if (step !== null) {
      // Only a later step than the last one used: a code seen over a shoulder is spent.
      const taken = await db.$executeRaw`
        UPDATE users SET totp_last_step = ${step}
        WHERE id = ${user.id}::uuid AND (totp_last_step IS NULL OR totp_last_step < ${step})`;
      return taken === 1 ? "ok" : "wrong";
    }
    const hash = hashRecoveryCode(typed);
    const used = await db.$executeRaw`
      UPDATE users SET totp_recovery_hashes = array_remove(totp_recovery_hashes, ${hash})
      WHERE id = ${user.id}::uuid AND ${hash} = ANY(totp_recovery_hashes)`;
    return used === 1 ? "ok" : "wrong";
  };
}
