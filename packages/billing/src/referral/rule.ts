// The operator's referral rule, stored like the payment settings: one JSON value in the settings
// table (key "referral"). Billing reads it when a paid top-up is credited; the console's operator
// page writes it through @relay/services.
import type { Db, Tx } from "@relay/db";
import type { Micros } from "../money.ts";

export const REFERRAL_SETTING_KEY = "referral";

/** 10_000 basis points = 100%: a reward is never more than the top-up it is paid for. */
export const MAX_REFERRAL_RATE_BPS = 10_000;

export interface ReferralRule {
  enabled: boolean;
  /** The reward as a share of each paid top-up's credit, in basis points (1000 = 10%). */
  rateBps: number;
  /** The most one referred workspace can earn its referrer, net of reversals; null: no cap. */
  capPerReferred: Micros | null;
}

export const REFERRALS_OFF: ReferralRule = { enabled: false, rateBps: 0, capPerReferred: null };

/** What is stored: JSON cannot hold a bigint, so the cap is its decimal string. */
export interface StoredReferralRule {
  enabled: boolean;
  rateBps: number;
  capPerReferred: string | null;
}

export function storedReferralRule(rule: ReferralRule): StoredReferralRule {
  return {
    enabled: rule.enabled,
    rateBps: rule.rateBps,
    capPerReferred: rule.capPerReferred === null ? null : rule.capPerReferred.toString(),
  };
}

/** A stored value that is not a valid rule turns rewards off rather than paying a wrong amount. */
export function parseReferralRule(value: unknown): ReferralRule {
  if (typeof value !== "object" || value === null) return REFERRALS_OFF;
  const { enabled, rateBps, capPerReferred } = value as Record<string, unknown>;
  if (typeof enabled !== "boolean") return REFERRALS_OFF;
  if (typeof rateBps !== "number" || !Number.isInteger(rateBps)) return REFERRALS_OFF;
  if (rateBps < 0 || rateBps > MAX_REFERRAL_RATE_BPS) return REFERRALS_OFF;
  let cap: Micros | null = null;
  if (typeof capPerReferred === "string" && /^\d+$/.test(capPerReferred)) {
    cap = BigInt(capPerReferred);
  } else if (capPerReferred !== null && capPerReferred !== undefined) {
    return REFERRALS_OFF;
  }
  return { enabled, rateBps, capPerReferred: cap };
}

export async function referralRule(db: Db | Tx): Promise<ReferralRule> {
  const row = await db.setting.findUnique({ where: { key: REFERRAL_SETTING_KEY } });
  return parseReferralRule(row?.value ?? null);
}
