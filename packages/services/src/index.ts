// What the apps call: the verbs, their input schemas and the types they return. Small pieces the
// proxy needs without the rest (key hashing, credential decryption, the low-balance sweep, mail
// settings) are subpath exports of their own in package.json, so the proxy loads only those files.

export { writeAudit } from "./audit.ts";
export {
  DEFAULT_MODEL_ENDPOINTS,
  type DefaultModelEndpoint,
  type DefaultModels,
  listDefaultModels,
  setDefaultModel,
  setDefaultModelInput,
} from "./catalog/default-model.ts";
export { addChannel, addChannelInput } from "./channel/add.ts";
export { listChannels } from "./channel/list.ts";
export { probeChannel, probeChannelInput } from "./channel/probe.ts";
export {
  setChannelStatus,
  setChannelStatusInput,
  updateChannel,
  updateChannelInput,
} from "./channel/update.ts";
export { SYSTEM_ACTOR } from "./context.ts";
export { ServiceError, type ServiceErrorCode } from "./errors.ts";
export { createApiKey, createApiKeyInput } from "./key/create.ts";
export { listApiKeys } from "./key/list.ts";
export { revokeApiKey, revokeApiKeyInput } from "./key/revoke.ts";
export { ipOrCidr, updateApiKey, updateApiKeyInput } from "./key/update.ts";
export { isActiveTenantKey } from "./key/workspace-key.ts";
export { getOutboxMessage, listOutbox, listOutboxInput } from "./mail/outbox.ts";
export { assignPriceGroup, assignPriceGroupInput } from "./operator/assign-price-group.ts";
export { listAuditLog, listAuditLogInput } from "./operator/audit-log.ts";
export { getPlatformDashboard } from "./operator/platform-dashboard.ts";
export { setTenantStatus, setTenantStatusInput } from "./operator/set-tenant-status.ts";
export { getTenantDetail } from "./operator/tenant-detail.ts";
export { listCatalog } from "./price/catalog.ts";
export { listPriceGroups, savePriceGroup, savePriceGroupInput } from "./price/group.ts";
export { setImagePrice, setImagePriceInput } from "./price/image.ts";
export { updateModel, updateModelInput } from "./price/model.ts";
export { setPrice, setPriceInput } from "./price/set.ts";
export {
  listTenantPrices,
  type TenantModelPrice,
  type TenantPrices,
} from "./price/tenant-prices.ts";
export { disableCode, disableCodeInput } from "./redemption/disable.ts";
export { generateCodes, generateCodesInput } from "./redemption/generate.ts";
export { exportBatchCsv, listBatches, listCodes, listCodesInput } from "./redemption/list.ts";
export { redeemCode } from "./redemption/redeem.ts";
export { inviteLink, referralCodeInput } from "./referral/code.ts";
export { listReferralRewards, listReferralRewardsInput } from "./referral/rewards.ts";
export {
  getReferralSettings,
  saveReferralSettings,
  saveReferralSettingsInput,
} from "./referral/settings.ts";
export { getReferralStats } from "./referral/stats.ts";
export { type SeedResult, seedDemo } from "./seed/demo.ts";
export {
  getPlatformCodeMsg,
  setPlatformCodeMsg,
  setPlatformCodeMsgInput,
  setTenantCodeMsg,
  setTenantCodeMsgInput,
} from "./settings/code-msg.ts";
export {
  type DisplayCurrencySetting,
  getDisplayCurrency,
  setDisplayCurrency,
  setDisplayCurrencyInput,
} from "./settings/display-currency.ts";
export {
  getOperatorTwoFactorRequired,
  setOperatorTwoFactorRequired,
} from "./settings/operator-two-factor.ts";
export { createTenant, createTenantInput } from "./tenant/create.ts";
export { creditTenant, creditTenantInput } from "./tenant/credit.ts";
export { findTenant } from "./tenant/find.ts";
export { listLedger, listLedgerInput } from "./tenant/ledger.ts";
export {
  type LedgerDayItem,
  listLedgerDays,
  listLedgerDaysInput,
  listUsageDay,
  listUsageDayInput,
} from "./tenant/ledger-days.ts";
export { listTenantPage, listTenantPageInput, listTenants } from "./tenant/list.ts";
export {
  changeMemberRole,
  changeMemberRoleInput,
  listMembers,
  removeMember,
} from "./tenant/members.ts";
export { updateTenantSettings, updateTenantSettingsInput } from "./tenant/settings.ts";
export {
  DEFAULT_STORAGE_QUOTA_BYTES,
  defaultTrainingPerMTok,
} from "./upstream-objects/defaults.ts";
export {
  type FineTunePriceRow,
  listFineTunePrices,
  setFineTunePrice,
  setFineTunePriceInput,
} from "./upstream-objects/fine-tune-price.ts";
export { listTenantObjects } from "./upstream-objects/list.ts";
export { setStorageQuota, setStorageQuotaInput } from "./upstream-objects/storage-quota.ts";
export { getUsageRecord } from "./usage/get.ts";
export { listUsage, listUsageInput } from "./usage/list.ts";
export { getTenantOverview } from "./usage/overview.ts";
export {
  assertEmailVerified,
  EMAIL_NOT_VERIFIED_MESSAGE,
  resendVerificationEmail,
  verifyEmail,
} from "./user/email-verification.ts";
export {
  acceptInvitation,
  createInvitation,
  createInvitationInput,
  listInvitations,
  previewInvitation,
  revokeInvitation,
} from "./user/invitations.ts";
export { getUserWithMemberships } from "./user/memberships.ts";
export { oauthSignIn, oauthSignInInput } from "./user/oauth-sign-in.ts";
export {
  requestPasswordReset,
  requestPasswordResetInput,
  resetPassword,
  resetPasswordInput,
} from "./user/password-reset.ts";
export { passwordSignIn, passwordSignInInput, type SecondFactorCheck } from "./user/sign-in.ts";
export { signUp, signUpInput } from "./user/sign-up.ts";
export { requestSignUp } from "./user/sign-up-request.ts";
