import { listTopUpOrders, listTopUpOrdersInput } from "@relay/payments";
import { z } from "zod";
import { tenantProcedure } from "../../trpc.ts";
import { topUpOrderOutput } from "./top-up-order-schema.ts";

/** The tenant's top-ups, newest first. Any member may read them, as any member may top up. */
export const billingTopUpOrders = tenantProcedure
  .input(listTopUpOrdersInput.omit({ tenantId: true }))
  .output(z.object({ items: z.array(topUpOrderOutput), nextCursor: z.string().nullable() }))
  .query(({ ctx, input }) =>
    listTopUpOrders({ ctx, input: { ...input, tenantId: ctx.membership.tenantId } }),
  );
