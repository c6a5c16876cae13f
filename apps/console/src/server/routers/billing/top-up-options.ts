import { paymentSettings } from "@relay/payments";
import { z } from "zod";
import { alipayConfig, stripeConfig, wechatPayConfig } from "../../payments.ts";
import { tenantProcedure } from "../../trpc.ts";

export const topUpOptionsOutput = z.object({
  /** Some provider is enabled: the form is shown. */
  configured: z.boolean(),
  /** Exactly the providers with keys; WeChat Pay and Alipay only while the currency is CNY. */
  providers: z.object({ stripe: z.boolean(), wechatPay: z.boolean(), alipay: z.boolean() }),
  currency: z.string(),
  minimumMinor: z.number(),
  presetsMinor: z.array(z.number()),
  /** Stripe Checkout's methods. */
  methods: z.array(z.string()),
  /** Micro-dollars one minor unit credits: the form shows the exact credit before paying. */
  rateMicrosPerMinor: z.bigint().nullable(),
});

/** What the top-up form offers: the operator's currency, minimum, presets and providers. */
export const billingTopUpOptions = tenantProcedure
  .output(topUpOptionsOutput)
  .query(async ({ ctx }) => {
    const settings = await paymentSettings(ctx.db);
    const cny = settings.currency === "cny";
    const [wechat, alipay] = cny
      ? await Promise.all([wechatPayConfig(ctx.db), alipayConfig(ctx.db)])
      : [undefined, undefined];
    const providers = {
      stripe: stripeConfig() !== undefined,
      wechatPay: wechat !== undefined,
      alipay: alipay !== undefined,
    };
    return {
      configured: providers.stripe || providers.wechatPay || providers.alipay,
      providers,
      currency: settings.currency,
      minimumMinor: settings.minimumMinor,
      presetsMinor: settings.presetsMinor,
      methods: settings.methods,
      rateMicrosPerMinor: settings.rates[settings.currency] ?? null,
    };
  });
