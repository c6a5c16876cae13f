// Stripe for the console: configured only when both keys are in the environment. Without them
// (the embedded default) top-up is off and the billing page points to redemption codes.
import { createStripe, type Stripe, type StripeKeys } from "@relay/payments";
import { env } from "../env.ts";

let cached: { keys: StripeKeys; stripe: Stripe } | undefined;

export function stripeConfig(): { keys: StripeKeys; stripe: Stripe } | undefined {
  if (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET) return undefined;
  if (!cached) {
    const keys: StripeKeys = {
      secretKey: env.STRIPE_SECRET_KEY,
      webhookSecret: env.STRIPE_WEBHOOK_SECRET,
      apiBase: env.STRIPE_API_BASE,
    };
    cached = { keys, stripe: createStripe(keys) };
  }
  return cached;
}
