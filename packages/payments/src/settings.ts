// Top-up settings: the operator's (in the settings table, key "payments") over safe defaults, and
// Stripe's keys, which the console reads from its environment and passes in. Without keys top-up
// is off and the console says so.
import type { Db, Tx } from "@relay/db";
import { z } from "zod";
import { type Rates, USD_RATE } from "./conversion.ts";

export const PAYMENT_METHODS = ["card", "alipay", "wechat_pay"] as const;

/** The stored JSON of the "payments" setting; missing fields take these defaults. */
export const storedPaymentSettings = z.object({
  currency: z
    .string()
    .regex(/^[a-z]{3}$/)
    .default("usd"),
  /** In the currency's minor unit. */
  minimumMinor: z.number().int().positive().default(500),
  presetsMinor: z.array(z.number().int().positive()).default([500, 1_000, 2_000, 5_000]),
  methods: z.array(z.enum(PAYMENT_METHODS)).min(1).default(["card"]),
  /** Micro-dollars per minor unit, as decimal strings, for currencies other than USD. */
  rates: z.record(z.string(), z.string().regex(/^\d+$/)).default({}),
});

export interface PaymentSettings {
  currency: string;
  minimumMinor: number;
  presetsMinor: number[];
  methods: (typeof PAYMENT_METHODS)[number][];
  rates: Rates;
}

export async function paymentSettings(db: Db | Tx): Promise<PaymentSettings> {
  const row = await db.setting.findUnique({ where: { key: "payments" } });
  const parsed = storedPaymentSettings.parse(row?.value ?? {});
  const rates: Record<string, bigint> = { usd: USD_RATE };
  for (const [currency, rate] of Object.entries(parsed.rates))
    rates[currency.toLowerCase()] = BigInt(rate);
  return { ...parsed, rates };
}

export interface StripeKeys {
  secretKey: string;
  webhookSecret: string;
  /** A local Stripe double in tests, e.g. http://127.0.0.1:12111; Stripe's own API otherwise. */
  apiBase?: string;
}
