// Starting a QR top-up (WeChat Pay Native, Alipay precreate): a pending CNY order at the
// operator's rate, then the provider's QR content for it. The order expires after
// QR_ORDER_TTL_MS; the provider is told the same expiry, and the sweep closes it there too.
import type { Db, TopUpOrder } from "@relay/db";
import { creditFor } from "../conversion.ts";
import { minorToDecimal } from "../currency.ts";
import { PaymentsError } from "../errors.ts";
import { paymentSettings } from "../settings.ts";
import { PROVIDER_NAMES, QR_CURRENCY, type QrProvider } from "./provider.ts";

export const QR_ORDER_TTL_MS = 15 * 60_000;

export interface QrTopUp {
  order: TopUpOrder;
  /** What the QR code encodes. */
  qrContent: string;
  expiresAt: Date;
}

export async function createQrTopUp({
  ctx,
  input,
}: {
  ctx: { db: Db; provider: QrProvider; notifyUrl: string; now?: Date };
  input: { tenantId: string; userId?: string; amountMinor: number };
}): Promise<QrTopUp> {
  const name = PROVIDER_NAMES[ctx.provider.name];
  const settings = await paymentSettings(ctx.db);
  if (settings.currency !== QR_CURRENCY) {
    throw new PaymentsError(
      "NOT_CONFIGURED",
      `${name} takes CNY: the operator's top-up currency is ${settings.currency.toUpperCase()}`,
    );
  }
  if (input.amountMinor < settings.minimumMinor) {
    throw new PaymentsError(
      "BELOW_MINIMUM",
      `The smallest top-up is ${minorToDecimal(BigInt(settings.minimumMinor), QR_CURRENCY)} CNY`,
    );
  }
  const amountMinor = BigInt(input.amountMinor);
  const credit = creditFor(amountMinor, QR_CURRENCY, settings.rates);
  const expiresAt = new Date((ctx.now ?? new Date()).getTime() + QR_ORDER_TTL_MS);
  const order = await ctx.db.topUpOrder.create({
    data: {
      tenantId: input.tenantId,
      userId: input.userId ?? null,
      provider: ctx.provider.dbProvider,
      currency: QR_CURRENCY,
      amountMinor,
      creditAmount: credit,
      expiresAt,
    },
  });
  let qrContent: string;
  try {
    qrContent = await ctx.provider.precreate({
      orderId: order.id,
      amountMinor,
      description: "Relay 余额充值",
      expiresAt,
      notifyUrl: ctx.notifyUrl,
    });
  } catch (error) {
    await ctx.db.topUpOrder.update({
      where: { id: order.id },
      data: { state: "FAILED", closedAt: new Date() },
    });
    console.warn(`${ctx.provider.name}: creating order ${order.id} failed: ${String(error)}`);
    throw new PaymentsError("PROVIDER_ERROR", `${name} could not create the payment; try again`);
  }
  const updated = await ctx.db.topUpOrder.update({
    where: { id: order.id },
    data: { qrContent },
  });
  return { order: updated, qrContent, expiresAt };
}
