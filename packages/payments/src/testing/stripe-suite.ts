// The Stripe double and an SDK client on it, for one test file: started before its tests and
// closed after them. Webhooks the tests deliver are signed with the client's webhook secret.
import type Stripe from "stripe";
import { afterAll, beforeAll } from "vitest";
import { createStripe } from "../stripe-client.ts";
import { type StripeDouble, startStripeDouble } from "./stripe-double.ts";

export interface StripeSuite {
  double: StripeDouble;
  stripe: Stripe;
}

export function useStripeDouble(keys: { secretKey: string; webhookSecret: string }): StripeSuite {
  const suite = {} as StripeSuite;
  beforeAll(async () => {
    suite.double = await startStripeDouble({ secretKey: keys.secretKey });
    suite.stripe = createStripe({ ...keys, apiBase: suite.double.apiBase });
  });
  afterAll(() => suite.double.close());
  return suite;
}
