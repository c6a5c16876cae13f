import type { ModelKind, PriceScope } from "@relay/db";
import type { ServiceContext } from "../context.ts";

export interface TokenPrices {
  inputPerMTok: bigint;
  outputPerMTok: bigint;
  cachedInputPerMTok: bigint;
  perAudioSecond: bigint;
  perRequest: bigint;
  perMChar: bigint;
}

export interface CatalogModel {
  id: string;
  kind: ModelKind;
  enabled: boolean;
  sale: TokenPrices | null;
  cost: TokenPrices | null;
  images: { scope: PriceScope; size: string; quality: string; perImage: bigint }[];
  /** How many channels serve it; a model no channel serves cannot be called. */
  channelCount: number;
}

/** Every model with its SALE and COST prices (micro-dollars), ordered by name. */
export async function listCatalog({
  ctx,
}: {
  ctx: Pick<ServiceContext, "db">;
}): Promise<CatalogModel[]> {
  const models = await ctx.db.model.findMany({
    orderBy: { id: "asc" },
    include: {
      prices: true,
      imagePrices: { orderBy: [{ size: "asc" }, { quality: "asc" }] },
      _count: { select: { channels: true } },
    },
  });
  const pick = (prices: (TokenPrices & { scope: PriceScope })[], scope: PriceScope) => {
    const price = prices.find((p) => p.scope === scope);
    if (!price) return null;
    const {
      inputPerMTok,
      outputPerMTok,
      cachedInputPerMTok,
      perAudioSecond,
      perRequest,
      perMChar,
    } = price;
    return {
      inputPerMTok,
      outputPerMTok,
      cachedInputPerMTok,
      perAudioSecond,
      perRequest,
      perMChar,
    };
  };
  return models.map((m) => ({
    id: m.id,
    kind: m.kind,
    enabled: m.enabled,
    sale: pick(m.prices, "SALE"),
    cost: pick(m.prices, "COST"),
    images: m.imagePrices.map(({ scope, size, quality, perImage }) => ({
      scope,
      size,
      quality,
      perImage,
    })),
    channelCount: m._count.channels,
  }));
}
