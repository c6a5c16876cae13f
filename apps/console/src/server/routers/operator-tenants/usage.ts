import { listUsage } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

export const operatorTenantUsageOutput = z.object({
  items: z.array(
    z.object({
      id: z.bigint(),
      requestId: z.string(),
      createdAt: z.date(),
      model: z.string(),
      status: z.number().int(),
      promptTokens: z.number().int(),
      completionTokens: z.number().int(),
      price: z.bigint(),
      upstreamCost: z.bigint(),
      latencyMs: z.number().int(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

/** A tenant's recent requests, by the same keyset as the tenant's own usage page. */
export const operatorTenantUsage = operatorProcedure
  .input(
    z.object({
      tenantId: z.uuid(),
      cursor: z.string().max(64).optional(),
      limit: z.number().int().min(1).max(100).default(20),
    }),
  )
  .output(operatorTenantUsageOutput)
  .query(({ ctx, input }) => listUsage({ ctx, input }));
