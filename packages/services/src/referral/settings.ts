// The operator's referral rule: on or off, the share of each paid top-up (basis points) and an
// optional cap per referred workspace. Stored as the "referral" setting, which @relay/billing
// reads when it pays a reward; every save writes its audit row in the same transaction.
import {
  MAX_REFERRAL_RATE_BPS,
  REFERRAL_SETTING_KEY,
  type ReferralRule,
  referralRule,
  storedReferralRule,
} from "@relay/billing";
import { inTransaction, type Prisma } from "@relay/db";
import { z } from "zod";
import { writeAudit } from "../audit.ts";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { usdAmount } from "../money-input.ts";

export const saveReferralSettingsInput = z.object({
  enabled: z.boolean(),
  /** 1000 = 10% of each paid top-up. */
  rateBps: z.number().int().min(0).max(MAX_REFERRAL_RATE_BPS),
  /** USD, e.g. "50"; absent or empty: no cap. */
  capPerReferred: z
    .string()
    .trim()
    .optional()
    .transform((text) => (text ? text : undefined))
    .pipe(usdAmount.optional()),
});

export async function saveReferralSettings({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.output<typeof saveReferralSettingsInput>;
}): Promise<ReferralRule> {
  if (input.enabled && input.rateBps === 0) {
    throw new ServiceError("INVALID_INPUT", "Set a reward above 0% to turn referral rewards on");
  }
  if (input.capPerReferred !== undefined && input.capPerReferred <= 0n) {
    throw new ServiceError("INVALID_INPUT", "The cap must be more than zero, or left empty");
  }
  const rule: ReferralRule = {
    enabled: input.enabled,
    rateBps: input.rateBps,
    capPerReferred: input.capPerReferred ?? null,
  };
  const value = storedReferralRule(rule) as unknown as Prisma.InputJsonObject;
  return inTransaction(ctx.db, async (tx) => {
    const before = await tx.setting.findUnique({ where: { key: REFERRAL_SETTING_KEY } });
    await tx.setting.upsert({
      where: { key: REFERRAL_SETTING_KEY },
      create: { key: REFERRAL_SETTING_KEY, value },
      update: { value },
    });
    await writeAudit(tx, ctx.actor, {
      action: "settings.referral",
      targetType: "setting",
      targetId: REFERRAL_SETTING_KEY,
      data: { before: before?.value ?? null, after: value },
    });
    return referralRule(tx);
  });
}

export { referralRule as getReferralSettings };
