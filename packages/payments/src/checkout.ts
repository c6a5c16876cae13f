// Starting a top-up: a Stripe Checkout Session for the amount the developer chose (at least the
// operator's minimum), with the operator's payment methods, and a pending order that the webhook
// completes. The amount credited later comes from Stripe's session, never from this request.
import type { Db, TopUpOrder } from "@relay/db";
import type Stripe from "stripe";
import { z } from "zod";
import { creditFor } from "./conversion.ts";
import { PaymentsError } from "./errors.ts";
import { paymentSettings } from "./settings.ts";

export const createCheckoutInput = z.object({
  tenantId: z.string().uuid(),
  userId: z.string().uuid().optional(),
  amountMinor: z.number().int().positive(),
  successUrl: z.string().url(),
  cancelUrl: z.string().url(),
});

export interface CreatedCheckout {
  order: TopUpOrder;
  /** Where to send the developer: Stripe's hosted payment page. */
  url: string;
}

export async function createTopUpCheckout({
  ctx,
  input,
}: {
  ctx: { db: Db; stripe: Stripe };
  input: z.output<typeof createCheckoutInput>;
}): Promise<CreatedCheckout> {
  const settings = await paymentSettings(ctx.db);
  if (input.amountMinor < settings.minimumMinor) {
    throw new PaymentsError(
      "BELOW_MINIMUM",
      `The smallest top-up is ${settings.minimumMinor} (${settings.currency.toUpperCase()} minor units)`,
    );
  }
  const credit = creditFor(BigInt(input.amountMinor), settings.currency, settings.rates);
  const order = await ctx.db.topUpOrder.create({
    data: {
      tenantId: input.tenantId,
      userId: input.userId ?? null,
      currency: settings.currency,
      amountMinor: BigInt(input.amountMinor),
      creditAmount: credit,
    },
  });
  const session = await ctx.stripe.checkout.sessions.create({
    mode: "payment",
    // Only the methods the operator enabled (card, alipay, wechat_pay).
    allowed_payment_method_types: settings.methods,
    ...(settings.methods.includes("wechat_pay")
      ? { payment_method_options: { wechat_pay: { client: "web" } } }
      : {}),
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: settings.currency,
          unit_amount: input.amountMinor,
          product_data: { name: "Relay balance top-up" },
        },
      },
    ],
    client_reference_id: input.tenantId,
    metadata: { orderId: order.id, tenantId: input.tenantId },
    success_url: input.successUrl,
    cancel_url: input.cancelUrl,
  });
  if (!session.url) throw new Error("Stripe returned a Checkout Session without a URL");
  const updated = await ctx.db.topUpOrder.update({
    where: { id: order.id },
    data: { stripeSessionId: session.id },
  });
  return { order: updated, url: session.url };
}
