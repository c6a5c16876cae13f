// The price list a tenant's developers pay: every enabled model some channel serves, at its SALE
// rates times the tenant's price group multiplier, exactly as the proxy charges (metering/charge).
import type { ModelKind } from "@relay/db";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";

const PPM_ONE = 1_000_000;

/** Rates in micro-dollars before the multiplier: multiply by multiplierPpm / 1e6 to get the price. */
export interface TenantModelPrice {
  id: string;
  kind: ModelKind;
  contextWindow: number;
  maxOutputTokens: number;
  inputPerMTok: bigint;
  cachedInputPerMTok: bigint;
  outputPerMTok: bigint;
  perRequest: bigint;
  perAudioSecond: bigint;
  perMChar: bigint;
  images: { size: string; quality: string; perImage: bigint }[];
}

export interface TenantPrices {
  priceGroup: string | null;
  multiplierPpm: number;
  models: TenantModelPrice[];
}

export async function listTenantPrices({
  ctx,
  input,
}: {
  ctx: Pick<ServiceContext, "db">;
  input: { tenantId: string; modelId?: string };
}): Promise<TenantPrices> {
  const tenant = await ctx.db.tenant.findUnique({
    where: { id: input.tenantId },
    select: { priceGroup: { select: { name: true, multiplierPpm: true } } },
  });
  if (!tenant) throw new ServiceError("NOT_FOUND", "No such tenant");
  const models = await ctx.db.model.findMany({
    where: {
      enabled: true,
      channels: { some: {} },
      ...(input.modelId ? { id: input.modelId } : {}),
    },
    orderBy: [{ kind: "asc" }, { id: "asc" }],
    include: {
      prices: { where: { scope: "SALE" } },
      imagePrices: { where: { scope: "SALE" }, orderBy: [{ size: "asc" }, { quality: "asc" }] },
    },
  });
  return {
    priceGroup: tenant.priceGroup?.name ?? null,
    multiplierPpm: tenant.priceGroup?.multiplierPpm ?? PPM_ONE,
    models: models.map((m) => {
      const sale = m.prices[0];
      return {
        id: m.id,
        kind: m.kind,
        contextWindow: m.contextWindow,
        maxOutputTokens: m.maxOutputTokens,
        inputPerMTok: sale?.inputPerMTok ?? 0n,
        cachedInputPerMTok: sale?.cachedInputPerMTok ?? 0n,
        outputPerMTok: sale?.outputPerMTok ?? 0n,
        perRequest: sale?.perRequest ?? 0n,
        perAudioSecond: sale?.perAudioSecond ?? 0n,
        perMChar: sale?.perMChar ?? 0n,
        images: m.imagePrices.map(({ size, quality, perImage }) => ({ size, quality, perImage })),
      };
    }),
  };
}
