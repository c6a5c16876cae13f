export { type Balance, getBalance, ledgerTotal } from "./balance.ts";
export { BillingError, type BillingErrorCode } from "./errors.ts";
export {
  type BillingContext,
  type LedgerEntryInput,
  type PostedEntry,
  postLedgerEntry,
} from "./ledger.ts";
export {
  applyPpm,
  ceilDiv,
  formatUsd,
  MAX_ENTRY_USD,
  MICROS_PER_USD,
  type Micros,
  MoneyFormatError,
  parseUsd,
  parseUsdInput,
  usdInput,
} from "./money.ts";
export { FREE, type MeteredUsage, maxPrice, priceUsage, type Rates } from "./pricing.ts";
export { payReferralReward, reverseReferralReward, rewardShare } from "./referral/reward.ts";
export {
  MAX_REFERRAL_RATE_BPS,
  parseReferralRule,
  REFERRAL_SETTING_KEY,
  REFERRALS_OFF,
  type ReferralRule,
  referralRule,
  type StoredReferralRule,
  storedReferralRule,
} from "./referral/rule.ts";
