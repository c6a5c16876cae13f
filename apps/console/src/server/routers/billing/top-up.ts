import { createTopUpCheckout } from "@relay/payments";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { env } from "../../../env.ts";
import { stripeConfig } from "../../payments.ts";
import { topUpProcedure } from "./top-up-procedure.ts";

/** Opens a Stripe Checkout Session for the amount chosen; the browser goes to its URL. */
export const billingTopUp = topUpProcedure
  .input(
    z.object({
      amountMinor: z.number().int().positive().max(100_000_000),
      slug: z.string().min(1),
    }),
  )
  .output(z.object({ url: z.string().url(), orderId: z.string() }))
  .mutation(async ({ ctx, input }) => {
    const stripe = stripeConfig();
    if (!stripe) {
      throw new TRPCError({
        code: "PRECONDITION_FAILED",
        message: "Top-up is not configured on this platform",
      });
    }
    const back = `${env.RELAY_CONSOLE_PUBLIC_URL.replace(/\/$/, "")}/console/${encodeURIComponent(input.slug)}/billing`;
    const { order, url } = await createTopUpCheckout({
      ctx: { db: ctx.db, stripe: stripe.stripe },
      input: {
        tenantId: ctx.membership.tenantId,
        userId: ctx.user.id,
        amountMinor: input.amountMinor,
        // Stripe fills in the session id, so the page shows this top-up's state on return.
        successUrl: `${back}?topup=success&session={CHECKOUT_SESSION_ID}`,
        cancelUrl: `${back}?topup=cancelled`,
      },
    });
    return { url, orderId: order.id };
  });
