// How the console shows money: USD, or CNY at a rate the operator sets. Display only: the ledger
// stays in micro-dollars. Without a rate of its own the display reuses the payments settings'
// CNY top-up rate (micro-dollars per fen), so an operator who sells in yuan sets it once. Until
// the operator saves this setting, every page shows USD.
import { inTransaction } from "@relay/db";
import { z } from "zod";
import { writeAudit } from "../audit.ts";
import type { ServiceContext } from "../context.ts";

export const DISPLAY_CURRENCY_SETTING = "display_currency";

const stored = z.object({
  currency: z.enum(["USD", "CNY"]).catch("USD"),
  /** CNY per USD in millionths, as a decimal string; null: take the payments rate. */
  cnyPerUsdPpm: z.string().regex(/^\d+$/).nullable().catch(null),
});

export interface DisplayCurrencySetting {
  /** The operator has saved this setting: until then every page shows USD. */
  configured: boolean;
  /** The platform's default display currency. */
  currency: "USD" | "CNY";
  /** The rate set here, CNY per USD in millionths; null when unset. */
  cnyPerUsdPpm: bigint | null;
  /** The rate in effect: this one, or the payments settings' CNY rate; null: none at all. */
  effectivePpm: bigint | null;
}

/** 1 fen = `microsPerFen` micro-dollars -> CNY per USD in millionths, rounded half up. */
export function ppmFromFenRate(microsPerFen: bigint): bigint | null {
  if (microsPerFen <= 0n) return null;
  const numerator = 10_000n * 1_000_000n;
  return (numerator + microsPerFen / 2n) / microsPerFen;
}

export async function getDisplayCurrency({
  ctx,
}: {
  ctx: Pick<ServiceContext, "db">;
}): Promise<DisplayCurrencySetting> {
  const [own, payments] = await Promise.all([
    ctx.db.setting.findUnique({ where: { key: DISPLAY_CURRENCY_SETTING } }),
    ctx.db.setting.findUnique({ where: { key: "payments" } }),
  ]);
  const parsed = stored.safeParse(own?.value ?? {});
  const setting = parsed.success ? parsed.data : { currency: "USD" as const, cnyPerUsdPpm: null };
  const cnyPerUsdPpm = setting.cnyPerUsdPpm === null ? null : BigInt(setting.cnyPerUsdPpm);
  const fenRate = (payments?.value as { rates?: Record<string, unknown> } | null)?.rates?.cny;
  const fromPayments =
    typeof fenRate === "string" && /^\d+$/.test(fenRate) ? ppmFromFenRate(BigInt(fenRate)) : null;
  return {
    configured: own !== null,
    currency: setting.currency,
    cnyPerUsdPpm,
    effectivePpm: cnyPerUsdPpm ?? fromPayments,
  };
}

export const setDisplayCurrencyInput = z.object({
  currency: z.enum(["USD", "CNY"]),
  /** CNY per USD in millionths (7.2 -> 7_200_000n); null: take the payments rate. */
  cnyPerUsdPpm: z.bigint().positive().max(1_000_000_000_000n).nullable(),
});

/** Sets the platform's display currency and rate. Audited. */
export async function setDisplayCurrency({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.output<typeof setDisplayCurrencyInput>;
}): Promise<DisplayCurrencySetting> {
  await inTransaction(ctx.db, async (tx) => {
    const before = await tx.setting.findUnique({ where: { key: DISPLAY_CURRENCY_SETTING } });
    const value = {
      currency: input.currency,
      cnyPerUsdPpm: input.cnyPerUsdPpm === null ? null : input.cnyPerUsdPpm.toString(),
    };
    await tx.setting.upsert({
      where: { key: DISPLAY_CURRENCY_SETTING },
      create: { key: DISPLAY_CURRENCY_SETTING, value },
      update: { value },
    });
    await writeAudit(tx, ctx.actor, {
      action: "settings.display_currency",
      targetType: "platform",
      data: { before: before?.value ?? null, after: value },
    });
  });
  return getDisplayCurrency({ ctx });
}
