// What the console calls. Currency arithmetic the browser needs too is `@relay/payments/currency`;
// the local Stripe double for tests is `@relay/payments/testing`.
export { createTopUpCheckout } from "./checkout.ts";
export { PaymentsError, type PaymentsErrorCode } from "./errors.ts";
export {
  listTopUpOrders,
  listTopUpOrdersInput,
  topUpOrderBySession,
  topUpReceipt,
} from "./orders.ts";
export { savePaymentSettings, savePaymentSettingsInput } from "./save-settings.ts";
export { paymentSettings, type StripeKeys } from "./settings.ts";
export { createStripe, type Stripe } from "./stripe-client.ts";
export { handleStripeWebhook } from "./webhook.ts";
