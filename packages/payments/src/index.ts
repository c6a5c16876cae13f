export { type CreatedCheckout, createCheckoutInput, createTopUpCheckout } from "./checkout.ts";
export { creditFor, type Rates, USD_RATE } from "./conversion.ts";
export { PaymentsError, type PaymentsErrorCode } from "./errors.ts";
export {
  PAYMENT_METHODS,
  type PaymentSettings,
  paymentSettings,
  type StripeKeys,
  stripeKeysFromEnv,
} from "./settings.ts";
export { createStripe, type Stripe } from "./stripe-client.ts";
export { handleStripeWebhook, verifyEvent, type WebhookOutcome } from "./webhook.ts";
