import { formatUsd } from "@relay/billing";
import { getUsageRecord, listTenantPrices } from "@relay/services";
import { z } from "zod";
import { tenantProcedure } from "../../trpc.ts";
import { modelsListOutput } from "../models/list.ts";

/**
 * One request, as its developer may see it: the price they paid, never our upstream cost, the
 * channel that served it or the upstream model name (those are the operator's business).
 */
export const usageGetOutput = z.object({
  requestId: z.string(),
  createdAt: z.date(),
  apiKey: z.object({ id: z.uuid(), name: z.string(), prefix: z.string() }),
  model: z.string(),
  endpoint: z.string(),
  stream: z.boolean(),
  status: z.number().int(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  cachedTokens: z.number().int(),
  images: z.number().int(),
  audioSeconds: z.number().int(),
  /** Micro-dollars. */
  price: z.bigint(),
  /** USD with six decimals, exact. */
  priceUsd: z.string(),
  latencyMs: z.number().int(),
  firstByteMs: z.number().int().nullable(),
  clientIp: z.string().nullable(),
  /** The model's rates today and the workspace's multiplier: how such a call is priced. */
  pricing: modelsListOutput.omit({ models: true }).extend({
    rates: modelsListOutput.shape.models.element.nullable(),
  }),
});

export const usageGet = tenantProcedure
  .input(z.object({ requestId: z.string().trim().min(1).max(200) }))
  .output(usageGetOutput)
  .query(async ({ ctx, input }) => {
    const row = await getUsageRecord({
      ctx,
      input: { tenantId: ctx.membership.tenantId, requestId: input.requestId },
    });
    const prices = await listTenantPrices({
      ctx,
      input: { tenantId: ctx.membership.tenantId, modelId: row.model },
    });
    return {
      requestId: row.requestId,
      createdAt: row.createdAt,
      apiKey: { id: row.apiKeyId, name: row.apiKey.name, prefix: row.apiKey.prefix },
      model: row.model,
      endpoint: row.endpoint,
      stream: row.stream,
      status: row.status,
      errorCode: row.errorCode,
      errorMessage: row.errorMessage,
      promptTokens: row.promptTokens,
      completionTokens: row.completionTokens,
      cachedTokens: row.cachedTokens,
      images: row.images,
      audioSeconds: row.audioSeconds,
      price: row.price,
      priceUsd: formatUsd(row.price),
      latencyMs: row.latencyMs,
      firstByteMs: row.firstByteMs,
      clientIp: row.clientIp,
      pricing: {
        priceGroup: prices.priceGroup,
        multiplierPpm: prices.multiplierPpm,
        rates: prices.models[0] ?? null,
      },
    };
  });
