import { listTenantPrices } from "@relay/services";
import { z } from "zod";
import { tenantProcedure } from "../../trpc.ts";

const modelPrice = z.object({
  id: z.string(),
  kind: z.enum(["CHAT", "COMPLETION", "EMBEDDING", "IMAGE", "AUDIO", "MODERATION"]),
  contextWindow: z.number().int(),
  maxOutputTokens: z.number().int(),
  /** Micro-dollars before the multiplier (the page applies it exactly). */
  inputPerMTok: z.bigint(),
  cachedInputPerMTok: z.bigint(),
  outputPerMTok: z.bigint(),
  perRequest: z.bigint(),
  perAudioSecond: z.bigint(),
  perMChar: z.bigint(),
  images: z.array(z.object({ size: z.string(), quality: z.string(), perImage: z.bigint() })),
});

export const modelsListOutput = z.object({
  priceGroup: z.string().nullable(),
  multiplierPpm: z.number().int(),
  models: z.array(modelPrice),
});

/** The models this workspace's keys can call, with the prices it pays. */
export const modelsList = tenantProcedure
  .output(modelsListOutput)
  .query(({ ctx }) => listTenantPrices({ ctx, input: { tenantId: ctx.membership.tenantId } }));
