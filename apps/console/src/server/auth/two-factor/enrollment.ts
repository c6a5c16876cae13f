// Turning two-factor on and off from account settings. On is two steps: a new secret (shown as a
// QR code) is kept pending until a code from the app confirms it; the recovery codes are made
// then and shown that once. Off needs a current code (or a recovery code).
import { randomBytes } from "node:crypto";
import { type Db, inTransaction } from "@relay/db";
import { ServiceError, writeAudit } from "@relay/services";
import { decryptSecret, encryptSecret } from "@relay/services/credential";
import QRCode from "qrcode";
import { encryptionKey } from "../../encryption-key.ts";
import { hashRecoveryCode, secondFactor } from "./second-factor.ts";
import { newTotpSecret, totpStep, totpUri } from "./totp.ts";

const RECOVERY_CODES = 8;

type Actor = { userId: string; label: string };

export async function twoFactorStatus(db: Db, userId: string) {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { totpEnabledAt: true, totpRecoveryHashes: true },
  });
  return {
    enabled: user.totpEnabledAt !== null,
    recoveryCodesLeft: user.totpEnabledAt ? user.totpRecoveryHashes.length : 0,
  };
}

/** A new pending secret; replaces an unconfirmed one. Refused while two-factor is on. */
export async function startEnrollment(db: Db, actor: Actor) {
  const user = await db.user.findUniqueOrThrow({
    where: { id: actor.userId },
    select: { email: true, totpEnabledAt: true },
  });
  if (user.totpEnabledAt) throw new ServiceError("CONFLICT", "Two-factor is already on");
  const secret = newTotpSecret();
  await db.user.update({
    where: { id: actor.userId },
    data: { totpSecret: encryptSecret(secret, encryptionKey()), totpLastStep: null },
  });
  const uri = totpUri(user.email, secret);
  return { secret, uri, qr: await QRCode.toDataURL(uri, { margin: 1, width: 220 }) };
}

/** Confirms the pending secret with a code from the app; the recovery codes, shown once. */
export async function confirmEnrollment(db: Db, actor: Actor, code: string, now = new Date()) {
  const user = await db.user.findUniqueOrThrow({
    where: { id: actor.userId },
    select: { totpSecret: true, totpEnabledAt: true },
  });
  if (user.totpEnabledAt) throw new ServiceError("CONFLICT", "Two-factor is already on");
  if (!user.totpSecret) throw new ServiceError("CONFLICT", "Start the setup again");
  const step = await totpStep(decryptSecret(user.totpSecret, encryptionKey()), code.trim(), now);
  if (step === null) throw new ServiceError("INVALID_INPUT", "That code is not right");
  const codes = Array.from({ length: RECOVERY_CODES }, () => {
    const raw = randomBytes(5).toString("hex");
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  await inTransaction(db, async (tx) => {
    await tx.user.update({
      where: { id: actor.userId },
      data: {
        totpEnabledAt: now,
        totpLastStep: step,
        totpRecoveryHashes: codes.map(hashRecoveryCode),
      },
    });
    await writeAudit(tx, actor, {
      action: "user.two_factor_on",
      targetType: "user",
      targetId: actor.userId,
    });
  });
  return { recoveryCodes: codes };
}

/** Turns two-factor off, given a current code or a recovery code. */
export async function disableTwoFactor(db: Db, actor: Actor, code: string, now = new Date()) {
  const user = await db.user.findUniqueOrThrow({
    where: { id: actor.userId },
    select: { id: true, totpSecret: true, totpEnabledAt: true },
  });
  if (!user.totpEnabledAt) return { enabled: false };
  if ((await secondFactor(db, code, now)(user)) !== "ok") {
    throw new ServiceError("INVALID_INPUT", "That code is not right");
  }
  await inTransaction(db, async (tx) => {
    await tx.user.update({
      where: { id: actor.userId },
      data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null, totpRecoveryHashes: [] },
    });
    await writeAudit(tx, actor, {
      action: "user.two_factor_off",
      targetType: "user",
      targetId: actor.userId,
    });
  });
  return { enabled: false };
}
