import { refreshQrTopUp } from "@relay/payments";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { qrProvider, sweepExpiredTopUps } from "../../payments.ts";
import { tenantProcedure } from "../../trpc.ts";
import { topUpOrderOutput } from "./top-up-order-schema.ts";
import { qrProviderName } from "./top-up-qr.ts";

/**
 * A QR top-up's state while the payer scans. The page polls it; every few polls it sets
 * askProvider, so a payment whose notification is late is still found, and an order past its
 * expiry is closed with the provider.
 */
export const billingTopUpQrStatus = tenantProcedure
  .input(z.object({ provider: qrProviderName, orderId: z.uuid(), askProvider: z.boolean() }))
  .output(topUpOrderOutput)
  .query(async ({ ctx, input }) => {
    sweepExpiredTopUps(ctx.db);
    const provider = await qrProvider(ctx.db, input.provider);
    if (!provider) throw new TRPCError({ code: "NOT_FOUND", message: "No such top-up" });
    return refreshQrTopUp({
      ctx: { db: ctx.db, provider },
      input: {
        tenantId: ctx.membership.tenantId,
        orderId: input.orderId,
        askProvider: input.askProvider,
      },
    });
  });
