import { paymentSettings, providerKeysStatus } from "@relay/payments";
import { usdPerUnitFromRate } from "@relay/payments/currency";
import { z } from "zod";
import { env } from "../../../env.ts";
import { NOTIFY_URLS } from "../../payments.ts";
import { operatorProcedure } from "../../trpc.ts";

/** The events the webhook acts on: what the operator subscribes the endpoint to in Stripe. */
export const WEBHOOK_EVENTS = [
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "checkout.session.expired",
  "charge.refunded",
  "charge.dispute.created",
  "charge.dispute.funds_withdrawn",
  "charge.dispute.closed",
  "charge.dispute.funds_reinstated",
] as const;

export const paymentsSettingsOutput = z.object({
  currency: z.string(),
  minimumMinor: z.number().int(),
  presetsMinor: z.array(z.number().int()),
  methods: z.array(z.enum(["card", "alipay", "wechat_pay"])),
  /** "1 <currency> = X USD" for the chosen currency; null for usd (fixed). */
  usdPerUnit: z.string().nullable(),
  stripe: z.object({
    /** Both keys are set: top-up is offered. The keys themselves never leave the server. */
    configured: z.boolean(),
    secretKey: z.boolean(),
    webhookSecret: z.boolean(),
    /** From the key's prefix (sk_test_/sk_live_), so a test key in production is noticed. */
    mode: z.enum(["test", "live", "unknown"]).nullable(),
    /** STRIPE_API_BASE points at a local Stripe double instead of Stripe. */
    localDouble: z.boolean(),
    webhookUrl: z.string(),
    events: z.array(z.string()),
  }),
  /** Saved WeChat Pay keys without their secrets (null: not configured), and its notify URL. */
  wechatPay: z.object({
    notifyUrl: z.string(),
    keys: z
      .object({
        mchId: z.string(),
        appId: z.string(),
        merchantSerialNo: z.string(),
        platformSerial: z.string(),
        platformPublicKey: z.string(),
        apiBase: z.string().nullable(),
      })
      .nullable(),
  }),
  alipay: z.object({
    notifyUrl: z.string(),
    keys: z
      .object({ appId: z.string(), alipayPublicKey: z.string(), gateway: z.string().nullable() })
      .nullable(),
  }),
});

function keyMode(secretKey: string | undefined): "test" | "live" | "unknown" | null {
  if (!secretKey) return null;
  if (/^(sk|rk)_test_/.test(secretKey)) return "test";
  if (/^(sk|rk)_live_/.test(secretKey)) return "live";
  return "unknown";
}

/** The payment settings page: the stored setting and whether Stripe is set up, without secrets. */
export const operatorPaymentsGet = operatorProcedure
  .output(paymentsSettingsOutput)
  .query(async ({ ctx }) => {
    const settings = await paymentSettings(ctx.db);
    const keys = await providerKeysStatus(ctx.db);
    const rate = settings.rates[settings.currency];
    return {
      currency: settings.currency,
      minimumMinor: settings.minimumMinor,
      presetsMinor: settings.presetsMinor,
      methods: settings.methods,
      usdPerUnit:
        settings.currency === "usd" || rate === undefined
          ? null
          : usdPerUnitFromRate(rate, settings.currency),
      stripe: {
        configured: Boolean(env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET),
        secretKey: Boolean(env.STRIPE_SECRET_KEY),
        webhookSecret: Boolean(env.STRIPE_WEBHOOK_SECRET),
        mode: keyMode(env.STRIPE_SECRET_KEY),
        localDouble: Boolean(env.STRIPE_API_BASE),
        webhookUrl: `${env.RELAY_CONSOLE_PUBLIC_URL.replace(/\/$/, "")}/api/stripe/webhook`,
        events: [...WEBHOOK_EVENTS],
      },
      wechatPay: { notifyUrl: NOTIFY_URLS.wechatPay(), keys: keys.wechatPay },
      alipay: { notifyUrl: NOTIFY_URLS.alipay(), keys: keys.alipay },
    };
  });
