import { formatUsd } from "@relay/billing";
import { listUsage, listUsageInput } from "@relay/services";
import { z } from "zod";
import { tenantProcedure } from "../../trpc.ts";

export const usageListInput = listUsageInput.omit({ tenantId: true });

export const usageListOutput = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      requestId: z.string(),
      createdAt: z.date(),
      apiKeyId: z.uuid(),
      model: z.string(),
      endpoint: z.string(),
      stream: z.boolean(),
      status: z.number().int(),
      errorCode: z.string().nullable(),
      errorMessage: z.string().nullable(),
      promptTokens: z.number().int(),
      completionTokens: z.number().int(),
      cachedTokens: z.number().int(),
      /** USD with six decimals, exact: "0.000123". */
      price: z.string(),
      latencyMs: z.number().int(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

export const usageList = tenantProcedure
  .input(usageListInput)
  .output(usageListOutput)
  .query(async ({ ctx, input }) => {
    const page = await listUsage({
      ctx,
      input: { ...input, tenantId: ctx.membership.tenantId },
    });
    return {
      nextCursor: page.nextCursor,
      items: page.items.map((row) => ({
        id: row.id.toString(),
        requestId: row.requestId,
        createdAt: row.createdAt,
        apiKeyId: row.apiKeyId,
        model: row.model,
        endpoint: row.endpoint,
        stream: row.stream,
        status: row.status,
        errorCode: row.errorCode,
        errorMessage: row.errorMessage,
        promptTokens: row.promptTokens,
        completionTokens: row.completionTokens,
        cachedTokens: row.cachedTokens,
        price: formatUsd(row.price),
        latencyMs: row.latencyMs,
      })),
    };
  });
