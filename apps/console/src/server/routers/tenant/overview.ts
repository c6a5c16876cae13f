import { getTenantOverview } from "@relay/services";
import { z } from "zod";
import { tenantProcedure } from "../../trpc.ts";

export const tenantOverviewOutput = z.object({
  balance: z.bigint(),
  held: z.bigint(),
  lowBalanceThreshold: z.bigint().nullable(),
  spendToday: z.bigint(),
  spendThisMonth: z.bigint(),
  daily: z.array(
    z.object({
      day: z.string(),
      requests: z.number().int(),
      errors: z.number().int(),
      promptTokens: z.bigint(),
      completionTokens: z.bigint(),
      spend: z.bigint(),
    }),
  ),
  byModel: z.array(z.object({ model: z.string(), requests: z.number().int(), spend: z.bigint() })),
});

export const tenantOverview = tenantProcedure
  .output(tenantOverviewOutput)
  .query(({ ctx }) => getTenantOverview({ ctx, input: { tenantId: ctx.membership.tenantId } }));
