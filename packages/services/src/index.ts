export {
  LOW_BALANCE_KIND,
  type LowBalanceAlert,
  type LowBalanceSweep,
  lowBalanceEmail,
  sweepLowBalance,
} from "./alerts/low-balance.ts";
export { auditMoney, writeAudit } from "./audit.ts";
export { addChannel, addChannelInput } from "./channel/add.ts";
export { credentialHint, decryptSecret, encryptSecret } from "./channel/credential.ts";
export { type ChannelRow, listChannels } from "./channel/list.ts";
export {
  modelListRequest,
  type ProbeResult,
  probeChannel,
  probeChannelInput,
} from "./channel/probe.ts";
export {
  setChannelStatus,
  setChannelStatusInput,
  updateChannel,
  updateChannelInput,
} from "./channel/update.ts";
export { type Actor, type ServiceContext, SYSTEM_ACTOR } from "./context.ts";
export { ServiceError, type ServiceErrorCode } from "./errors.ts";
export { type CreatedApiKey, createApiKey, createApiKeyInput } from "./key/create.ts";
export { listApiKeys } from "./key/list.ts";
export { revokeApiKey, revokeApiKeyInput } from "./key/revoke.ts";
export { generateApiKey, hashApiKey, visiblePrefix } from "./key/secret.ts";
export {
  deliverEmail,
  type EmailInput,
  recordEmail,
  sendEmail,
} from "./mail/send.ts";
export {
  DEFAULT_MAIL_FROM,
  type MailSettings,
  mailSettings,
  mailSettingsFrom,
} from "./mail/settings.ts";
export * from "./operator/index.ts";
export { type CatalogModel, listCatalog, type TokenPrices } from "./price/catalog.ts";
export {
  listPriceGroups,
  type PriceGroupRow,
  percentAsPpm,
  ppmAsPercent,
  savePriceGroup,
  savePriceGroupInput,
} from "./price/group.ts";
export { setImagePrice, setImagePriceInput } from "./price/image.ts";
export { MODEL_KINDS, updateModel, updateModelInput } from "./price/model.ts";
export { inferModelKind } from "./price/model-kind.ts";
export { setPrice, setPriceInput } from "./price/set.ts";
export { generateRedemptionCode, normalizeRedemptionCode } from "./redemption/code.ts";
export { disableCode, disableCodeInput } from "./redemption/disable.ts";
export {
  type GeneratedBatch,
  generateCodes,
  generateCodesInput,
  MAX_BATCH,
} from "./redemption/generate.ts";
export {
  type BatchRow,
  type CodeRow,
  exportBatchCsv,
  listBatches,
  listCodes,
  listCodesInput,
} from "./redemption/list.ts";
export {
  REDEEM_FAILURE_LIMIT,
  REDEEM_FAILURE_WINDOW_MS,
  type Redeemed,
  redeemCode,
  redeemCodeInput,
} from "./redemption/redeem.ts";
export { SEED_MODELS } from "./seed/catalog.ts";
export { type SeedInput, type SeedResult, seedDemo } from "./seed/demo.ts";
export { createTenant, createTenantInput } from "./tenant/create.ts";
export { creditTenant, creditTenantInput } from "./tenant/credit.ts";
export { findTenant } from "./tenant/find.ts";
export { listTenantPage, listTenantPageInput, listTenants } from "./tenant/list.ts";
export { slugify } from "./tenant/slug.ts";
export { type ListUsageInput, listUsage, listUsageInput, type UsagePage } from "./usage/list.ts";
export { getTenantOverview, OVERVIEW_DAYS, type TenantOverview } from "./usage/overview.ts";
export { getUserWithMemberships, type UserWithMemberships } from "./user/memberships.ts";
export {
  type OAuthSignedIn,
  oauthSignIn,
  oauthSignInInput,
} from "./user/oauth-sign-in.ts";
export { hashPassword, verifyPassword } from "./user/password.ts";
export {
  type PasswordSignIn,
  passwordSignIn,
  passwordSignInInput,
  SIGN_IN_LIMITS,
} from "./user/sign-in.ts";
export {
  MIN_PASSWORD_LENGTH,
  type SignedUp,
  type SignUpInput,
  signUp,
  signUpInput,
} from "./user/sign-up.ts";
export {
  requestSignUp,
  SIGN_UP_ATTEMPT_KIND,
  type SignUpAnswer,
  signUpAttemptEmail,
} from "./user/sign-up-request.ts";
