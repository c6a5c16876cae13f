import { redeemCode } from "@relay/services";
import { z } from "zod";
import { tenantRoleProcedure } from "../../trpc.ts";

export const billingRedeemInput = z.object({ code: z.string().trim().min(1).max(64) });

export const billingRedeemOutput = z.object({ amount: z.bigint(), balanceAfter: z.bigint() });

/** Any member (DEVELOPER and up) redeems a code into the tenant in the input. */
export const billingRedeem = tenantRoleProcedure("DEVELOPER")
  .input(billingRedeemInput)
  .output(billingRedeemOutput)
  .mutation(async ({ ctx, input }) => {
    const redeemed = await redeemCode({
      ctx,
      input: { tenantId: ctx.membership.tenantId, userId: ctx.user.id, code: input.code },
    });
    return { amount: redeemed.amount, balanceAfter: redeemed.balanceAfter };
  });
