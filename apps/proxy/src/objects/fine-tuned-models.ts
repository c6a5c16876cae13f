// A tenant's fine-tuned models: served only to that tenant, only by the channel that trained
// them, priced at their base model's fine-tuned rates. To anyone else they do not exist.
import type { KeyRecord } from "../auth/key-cache.ts";
import type { CatalogModel } from "../catalog/catalog.ts";
import type { Gateway } from "../gateway.ts";
import { channelOf } from "./channels.ts";
import { fineTuneRates } from "./fine-tune-prices.ts";
import { ownedObject } from "./records.ts";

/** The caller's fine-tuned model as a catalog entry for one call, or undefined: not theirs. */
export async function fineTunedModel(
  gateway: Gateway,
  key: KeyRecord,
  modelId: string,
): Promise<CatalogModel | undefined> {
  if (!modelId.startsWith("ft:")) return undefined;
  const row = await ownedObject(gateway.db, key.tenantId, "FINE_TUNED_MODEL", modelId);
  if (!row?.baseModel) return undefined;
  const base = (await gateway.catalog.models()).get(row.baseModel);
  if (!base) return undefined;
  const channel = await channelOf(gateway, row.channelId);
  const rates = await fineTuneRates(gateway.db, base);
  return {
    ...base,
    id: modelId,
    ownedBy: "user",
    created: Math.floor(row.createdAt.getTime() / 1000),
    sale: rates.sale,
    cost: rates.cost,
    routes: [{ channel, upstreamModel: modelId }],
  };
}

/** The caller's fine-tuned models in OpenAI's model shape, oldest first. */
export async function ownedModels(gateway: Gateway, tenantId: string) {
  const rows = await gateway.db.upstreamObject.findMany({
    where: { tenantId, kind: "FINE_TUNED_MODEL", deletedAt: null },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((row) => ({
    id: row.upstreamId,
    object: "model" as const,
    created: Math.floor(row.createdAt.getTime() / 1000),
    owned_by: "user",
  }));
}

/** A model list with the caller's own fine-tuned models after the catalog's. */
export async function withOwnedModels<T extends { data: unknown[] }>(
  gateway: Gateway,
  tenantId: string,
  list: T,
): Promise<T> {
  return { ...list, data: [...list.data, ...(await ownedModels(gateway, tenantId))] };
}
