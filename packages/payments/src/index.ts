export { type CreatedCheckout, createCheckoutInput, createTopUpCheckout } from "./checkout.ts";
export { creditFor, type Rates, USD_RATE } from "./conversion.ts";
export {
  minorUnitDigits,
  rateFromUsdPerUnit,
  usdPerUnitDecimals,
  usdPerUnitFromRate,
} from "./currency.ts";
export { PaymentsError, type PaymentsErrorCode } from "./errors.ts";
export {
  listTopUpOrders,
  listTopUpOrdersInput,
  receiptNumber,
  type TopUpOrderSummary,
  type TopUpReceipt,
  topUpOrderBySession,
  topUpReceipt,
} from "./orders.ts";
export {
  MAX_PRESETS,
  MAX_TOPUP_MINOR,
  type SettingsActor,
  savePaymentSettings,
  savePaymentSettingsInput,
} from "./save-settings.ts";
export {
  PAYMENT_METHODS,
  type PaymentSettings,
  paymentSettings,
  type StripeKeys,
  storedPaymentSettings,
  stripeKeysFromEnv,
} from "./settings.ts";
export { createStripe, type Stripe } from "./stripe-client.ts";
export { handleStripeWebhook, verifyEvent, type WebhookOutcome } from "./webhook.ts";
