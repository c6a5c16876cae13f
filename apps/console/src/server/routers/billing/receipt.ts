import { topUpReceipt } from "@relay/payments";
import { z } from "zod";
import { tenantProcedure } from "../../trpc.ts";
import { topUpOrderOutput } from "./top-up-order-schema.ts";

export const receiptOutput = z.object({
  receiptNumber: z.string(),
  order: topUpOrderOutput.extend({
    paidAt: z.date(),
    stripeSessionId: z.string().nullable(),
    stripePaymentIntentId: z.string().nullable(),
    providerTradeNo: z.string().nullable(),
  }),
  tenant: z.object({ name: z.string(), slug: z.string() }),
  refunds: z.array(z.object({ id: z.string(), createdAt: z.date(), amount: z.bigint() })),
  refundedMinor: z.bigint().nullable(),
});

/**
 * A paid top-up's receipt. Another tenant's order, or one never paid, is NOT_FOUND: the same
 * answer as an id that does not exist. Any member may read it (developers pay too).
 */
export const billingReceipt = tenantProcedure
  .input(z.object({ orderId: z.uuid() }))
  .output(receiptOutput)
  .query(({ ctx, input }) =>
    topUpReceipt({ ctx, input: { tenantId: ctx.membership.tenantId, orderId: input.orderId } }),
  );
