import { PaymentsError, topUpOrderBySession } from "@relay/payments";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { tenantProcedure } from "../../trpc.ts";
import { topUpOrderOutput } from "./order-schema.ts";

/** The top-up a Checkout Session belongs to, for the page Stripe sends the payer back to. */
export const billingTopUpStatus = tenantProcedure
  .input(z.object({ sessionId: z.string().min(1).max(255) }))
  .output(topUpOrderOutput)
  .query(async ({ ctx, input }) => {
    try {
      return await topUpOrderBySession({
        ctx,
        input: { tenantId: ctx.membership.tenantId, sessionId: input.sessionId },
      });
    } catch (error) {
      if (error instanceof PaymentsError && error.code === "NOT_FOUND")
        throw new TRPCError({ code: "NOT_FOUND", message: error.message });
      throw error;
    }
  });
