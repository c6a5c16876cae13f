// The operator saves the "payments" setting: currency, minimum, presets, methods and the rate of
// the currency. Rates of currencies used before are kept, so a late refund of an older payment
// still converts (the webhook converts by the charge's currency, whatever is chosen now).
import { type Db, inTransaction, type Tx } from "@relay/db";
import { z } from "zod";
import { minorUnitDigits, rateFromUsdPerUnit, usdPerUnitDecimals } from "./currency.ts";
import { PaymentsError } from "./errors.ts";
import {
  PAYMENT_METHODS,
  type PaymentSettings,
  paymentSettings,
  storedPaymentSettings,
} from "./settings.ts";

/** The largest amount one top-up can be, in minor units (the top-up procedure's own cap). */
export const MAX_TOPUP_MINOR = 100_000_000;
export const MAX_PRESETS = 8;

const amountMinor = z.number().int().positive().max(MAX_TOPUP_MINOR);

export const savePaymentSettingsInput = z.object({
  currency: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z]{3}$/, "Use a three-letter currency code, such as usd or cny"),
  minimumMinor: amountMinor,
  presetsMinor: z.array(amountMinor).max(MAX_PRESETS),
  methods: z.array(z.enum(PAYMENT_METHODS)).min(1, "Allow at least one payment method"),
  /** "1 <currency> = X USD", a decimal string; required for every currency except usd. */
  usdPerUnit: z.string().trim().optional(),
});

/** Who saves: the same shape as the services' actor, recorded in the audit row. */
export interface SettingsActor {
  userId?: string;
  label: string;
}

export async function savePaymentSettings({
  ctx,
  input,
}: {
  ctx: { db: Db | Tx; actor: SettingsActor };
  input: z.output<typeof savePaymentSettingsInput>;
}): Promise<PaymentSettings> {
  const currency = input.currency;
  const presetsMinor = [...new Set(input.presetsMinor)].sort((a, b) => a - b);
  const below = presetsMinor.filter((preset) => preset < input.minimumMinor);
  if (below.length > 0) {
    throw new PaymentsError(
      "INVALID_SETTINGS",
      `Every preset must be at least the minimum (${input.minimumMinor} minor units); ${below.join(", ")} is below it`,
    );
  }
  // One order whatever the form sent, so the stored value and Checkout's list are stable.
  const methods = PAYMENT_METHODS.filter((method) => input.methods.includes(method));
  let rate: bigint | undefined;
  if (currency !== "usd") {
    const code = currency.toUpperCase();
    if (!input.usdPerUnit) {
      throw new PaymentsError(
        "INVALID_SETTINGS",
        `${code} needs a conversion rate: how many US dollars one ${code} credits`,
      );
    }
    rate = rateFromUsdPerUnit(input.usdPerUnit, currency);
    if (rate === undefined) {
      throw new PaymentsError(
        "INVALID_SETTINGS",
        `The rate must be a positive number of US dollars with at most ${usdPerUnitDecimals(currency)} decimals (one ${code} minor unit must be a whole number of micro-dollars; ${code} has ${minorUnitDigits(currency)} decimals)`,
      );
    }
  }

  return inTransaction(ctx.db, async (tx) => {
    // Two operators saving at once: the second reads the first's rates, not a stale copy.
    await tx.$queryRaw`SELECT key FROM settings WHERE key = 'payments' FOR UPDATE`;
    const row = await tx.setting.findUnique({ where: { key: "payments" } });
    const previous = storedPaymentSettings.parse(row?.value ?? {});
    // USD's rate is fixed by definition and never stored.
    const { usd: _fixed, ...rates } = previous.rates;
    if (rate !== undefined) rates[currency] = rate.toString();
    const value = { currency, minimumMinor: input.minimumMinor, presetsMinor, methods, rates };
    await tx.setting.upsert({
      where: { key: "payments" },
      create: { key: "payments", value },
      update: { value },
    });
    await tx.auditLog.create({
      data: {
        actorId: ctx.actor.userId ?? null,
        actorLabel: ctx.actor.label,
        action: "settings.payments",
        targetType: "setting",
        targetId: "payments",
        data: { before: row?.value ?? null, after: value },
      },
    });
    return paymentSettings(tx);
  });
}
