import { listCatalog } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

const tokenPrices = z.object({
  inputPerMTok: z.bigint(),
  outputPerMTok: z.bigint(),
  cachedInputPerMTok: z.bigint(),
  perAudioSecond: z.bigint(),
  perRequest: z.bigint(),
  perMChar: z.bigint(),
});

export const modelListOutput = z.array(
  z.object({
    id: z.string(),
    kind: z.enum(["CHAT", "COMPLETION", "EMBEDDING", "IMAGE", "AUDIO", "MODERATION"]),
    enabled: z.boolean(),
    sale: tokenPrices.nullable(),
    cost: tokenPrices.nullable(),
    images: z.array(
      z.object({
        scope: z.enum(["SALE", "COST"]),
        size: z.string(),
        quality: z.string(),
        perImage: z.bigint(),
      }),
    ),
    channelCount: z.number().int(),
  }),
);

export const modelList = operatorProcedure
  .output(modelListOutput)
  .query(({ ctx }) => listCatalog({ ctx }));
