import { priceUsage } from "@relay/billing";
import type { CatalogModel, ChannelRoute } from "../catalog/catalog.ts";
import type { Estimate, Usage } from "../endpoints/types.ts";

/** A call's sale price (the tenant's multiplier applied) and upstream cost (the channel's). */
export function chargeFor(
  model: CatalogModel,
  multiplierPpm: number,
  usage: Usage,
  estimate: Estimate,
  route: ChannelRoute | undefined,
): { price: bigint; upstreamCost: bigint } {
  const images = BigInt(usage.images);
  const metered = {
    promptTokens: usage.promptTokens,
    completionTokens: usage.completionTokens,
    cachedTokens: usage.cachedTokens,
    audioSeconds: usage.audioSeconds,
    characters: usage.characters,
  };
  return {
    price: priceUsage(
      model.sale,
      { ...metered, imageCharge: images * (estimate.images?.rate.sale ?? 0n) },
      multiplierPpm,
    ),
    upstreamCost: priceUsage(
      model.cost,
      { ...metered, imageCharge: images * (estimate.images?.rate.cost ?? 0n) },
      route?.channel.costMultiplierPpm ?? 1_000_000,
    ),
  };
}
