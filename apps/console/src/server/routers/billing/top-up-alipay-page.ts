import { alipayProvider } from "@relay/payments";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { env } from "../../../env.ts";
import { alipayConfig, NOTIFY_URLS } from "../../payments.ts";
import { topUpProcedure } from "./top-up-procedure.ts";

/** Alipay's desktop page (alipay.trade.page.pay) for a pending Alipay order: where to go. */
export const billingTopUpAlipayPage = topUpProcedure
  .input(z.object({ orderId: z.uuid(), slug: z.string().min(1) }))
  .output(z.object({ url: z.string().url() }))
  .mutation(async ({ ctx, input }) => {
    const keys = await alipayConfig(ctx.db);
    const order = await ctx.db.topUpOrder.findFirst({
      where: {
        id: input.orderId,
        tenantId: ctx.membership.tenantId,
        provider: "ALIPAY",
        state: "PENDING",
      },
    });
    if (!keys || !order?.expiresAt) {
      throw new TRPCError({ code: "NOT_FOUND", message: "No such pending top-up" });
    }
    const back = `${env.RELAY_CONSOLE_PUBLIC_URL.replace(/\/$/, "")}/console/${encodeURIComponent(input.slug)}/billing`;
    const url = alipayProvider(keys).pagePayUrl({
      orderId: order.id,
      amountMinor: order.amountMinor,
      expiresAt: order.expiresAt,
      notifyUrl: NOTIFY_URLS.alipay(),
      returnUrl: `${back}?topup=qr&provider=alipay&order=${order.id}`,
    });
    return { url };
  });
