// TOTP codes (RFC 6238, 30-second steps, 6 digits) through otplib, as authenticator apps make
// them. A code from the step before or after is accepted too, for clocks that drift a little.
import { generateSecret, generateURI, verify } from "otplib";

const PERIOD_SECONDS = 30;

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(email: string, secret: string): string {
  return generateURI({ issuer: "Relay", label: email, secret });
}

/** The time step the code belongs to, or null when it is not a code for now (±1 step). */
export async function totpStep(secret: string, code: string, now: Date): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const epoch = Math.floor(now.getTime() / 1000);
  const result = await verify({ secret, token: code, epoch, epochTolerance: PERIOD_SECONDS });
  return result.valid ? Math.floor(epoch / PERIOD_SECONDS) + result.delta : null;
}
