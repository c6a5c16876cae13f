// What the console calls. Currency arithmetic the browser needs too is `@relay/payments/currency`;
// the local doubles for tests are `@relay/payments/testing` (Stripe), `/testing/wechat` and
// `/testing/alipay`.

export type { AlipayKeys } from "./alipay/client.ts";
export { handleAlipayNotification } from "./alipay/notify.ts";
export { alipayProvider } from "./alipay/provider.ts";
export { createTopUpCheckout } from "./checkout.ts";
export { PaymentsError, type PaymentsErrorCode } from "./errors.ts";
export {
  listTopUpOrders,
  listTopUpOrdersInput,
  topUpOrderBySession,
  topUpReceipt,
} from "./orders.ts";
export {
  loadAlipayKeys,
  loadWechatPayKeys,
  providerKeysStatus,
  removeProviderKeys,
  type SecretBox,
  saveAlipayKeys,
  saveAlipayKeysInput,
  saveWechatPayKeys,
  saveWechatPayKeysInput,
} from "./provider-keys.ts";
export { createQrTopUp, QR_ORDER_TTL_MS } from "./qr/create.ts";
export { orderIdOf, outTradeNo, type QrProvider, type QrProviderName } from "./qr/provider.ts";
export { closeExpiredQrTopUps, refreshQrTopUp } from "./qr/refresh.ts";
export { refundQrTopUp } from "./qr/refund.ts";
export { savePaymentSettings, savePaymentSettingsInput } from "./save-settings.ts";
export { paymentSettings, type StripeKeys } from "./settings.ts";
export { createStripe, type Stripe } from "./stripe-client.ts";
export {
  type CreditOutcome,
  creditPaidTopUp,
  type DebitOutcome,
  debitTopUpRefund,
  type PaidTopUp,
  type TopUpRefund,
} from "./top-up-money.ts";
export { handleStripeWebhook } from "./webhook.ts";
export type { WechatPayKeys } from "./wechat/client.ts";
export { handleWechatPayNotification } from "./wechat/notify.ts";
export { wechatPayProvider } from "./wechat/provider.ts";
export { wechatHeaders } from "./wechat/signature.ts";
