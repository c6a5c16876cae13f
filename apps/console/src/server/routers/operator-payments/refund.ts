import { refundQrTopUp } from "@relay/payments";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { notifyUrlOf, qrProvider } from "../../payments.ts";
import { operatorProcedure } from "../../trpc.ts";

/**
 * Refunds a WeChat Pay or Alipay top-up through its provider (Stripe's are refunded in Stripe's
 * dashboard). The balance is debited when the provider confirms: at once for Alipay, on the
 * refund notification for WeChat Pay.
 */
export const operatorPaymentsRefund = operatorProcedure
  .input(
    z.object({
      orderId: z.uuid(),
      /** Fen; the rest of the payment when omitted. */
      amountMinor: z.number().int().positive().optional(),
      reason: z.string().trim().min(1).max(80),
    }),
  )
  .output(z.object({ status: z.enum(["refunded", "processing"]), refundNo: z.string() }))
  .mutation(async ({ ctx, input }) => {
    const order = await ctx.db.topUpOrder.findUnique({
      where: { id: input.orderId },
      select: { provider: true },
    });
    const name =
      order?.provider === "WECHAT_PAY"
        ? "wechat_pay"
        : order?.provider === "ALIPAY"
          ? "alipay"
          : null;
    const provider = name ? await qrProvider(ctx.db, name) : undefined;
    if (!name || !provider) {
      throw new TRPCError({
        code: "NOT_FOUND",
        message: "No WeChat Pay or Alipay top-up with this id",
      });
    }
    return refundQrTopUp({
      ctx: { db: ctx.db, provider, notifyUrl: notifyUrlOf(name), actor: ctx.actor },
      input,
    });
  });
