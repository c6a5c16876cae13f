import { topUpOrderBySession } from "@relay/payments";
import { z } from "zod";
import { tenantProcedure } from "../../trpc.ts";
import { topUpOrderOutput } from "./top-up-order-schema.ts";

/** The top-up a Checkout Session belongs to, for the page Stripe sends the payer back to. */
export const billingTopUpStatus = tenantProcedure
  .input(z.object({ sessionId: z.string().min(1).max(255) }))
  .output(topUpOrderOutput)
  .query(({ ctx, input }) =>
    topUpOrderBySession({
      ctx,
      input: { tenantId: ctx.membership.tenantId, sessionId: input.sessionId },
    }),
  );
