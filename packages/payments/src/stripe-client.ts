import Stripe from "stripe";
import type { StripeKeys } from "./settings.ts";

/** The real Stripe SDK, pointed at a local double when apiBase is set. */
export function createStripe(keys: StripeKeys): Stripe {
  if (!keys.apiBase) return new Stripe(keys.secretKey, { maxNetworkRetries: 2 });
  const base = new URL(keys.apiBase);
  return new Stripe(keys.secretKey, {
    host: base.hostname,
    port: Number(base.port || (base.protocol === "https:" ? 443 : 80)),
    protocol: base.protocol === "https:" ? "https" : "http",
    maxNetworkRetries: 0,
  });
}

export type { Stripe };
