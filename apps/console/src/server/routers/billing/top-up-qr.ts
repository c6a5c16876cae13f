import { createQrTopUp } from "@relay/payments";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { notifyUrlOf, qrProvider, sweepExpiredTopUps } from "../../payments.ts";
import { topUpProcedure } from "./top-up-procedure.ts";

export const qrProviderName = z.enum(["wechat_pay", "alipay"]);

/** A WeChat Pay or Alipay order for the amount chosen: the QR code's content and its expiry. */
export const billingTopUpQr = topUpProcedure
  .input(
    z.object({
      provider: qrProviderName,
      amountMinor: z.number().int().positive().max(100_000_000),
    }),
  )
  .output(
    z.object({
      orderId: z.string(),
      qrContent: z.string(),
      expiresAt: z.date(),
      amountMinor: z.bigint(),
      creditAmount: z.bigint(),
    }),
  )
  .mutation(async ({ ctx, input }) => {
    sweepExpiredTopUps(ctx.db);
    const provider = await qrProvider(ctx.db, input.provider);
    if (!provider) {
      throw new TRPCError({
        code: "PRECONDITION_FAILED",
        message: "This payment method is not configured on this platform",
      });
    }
    const { order, qrContent, expiresAt } = await createQrTopUp({
      ctx: { db: ctx.db, provider, notifyUrl: notifyUrlOf(input.provider) },
      input: {
        tenantId: ctx.membership.tenantId,
        userId: ctx.user.id,
        amountMinor: input.amountMinor,
      },
    });
    return {
      orderId: order.id,
      qrContent,
      expiresAt,
      amountMinor: order.amountMinor,
      creditAmount: order.creditAmount,
    };
  });
