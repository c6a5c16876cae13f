// One read of everything the catalog holds: enabled models with their prices, the enabled
// channels serving them (credentials decrypted), default models and the code/msg switch.
import type { Rates } from "@relay/billing";
import type { Db } from "@relay/db";
import { CODE_MSG_SETTING, codeMsgEnabled } from "@relay/services/code-msg";
import { decryptSecret } from "@relay/services/credential";
import type {
  CatalogChannel,
  CatalogModel,
  CatalogState,
  ChannelRoute,
  ImageRate,
} from "./catalog.ts";

const ZERO: Rates = {
  inputPerMTok: 0n,
  outputPerMTok: 0n,
  cachedInputPerMTok: 0n,
  perRequest: 0n,
  perAudioSecond: 0n,
};

export interface Loaded extends CatalogState {
  channels: number;
  undecryptable: { id: string; name: string; error: unknown }[];
}

export async function load(db: Db, encryptionKey: Buffer): Promise<Loaded> {
  const [models, channels, defaults, codeMsg] = await Promise.all([
    db.model.findMany({ where: { enabled: true }, include: { prices: true, imagePrices: true } }),
    db.channel.findMany({ where: { status: "ENABLED" }, include: { models: true } }),
    db.defaultModel.findMany(),
    db.setting.findUnique({ where: { key: CODE_MSG_SETTING } }),
  ]);
  const routesByModel = new Map<string, ChannelRoute[]>();
  const undecryptable: Loaded["undecryptable"] = [];
  for (const row of channels) {
    let apiKey: string;
    try {
      apiKey = decryptSecret(row.credentialCiphertext, encryptionKey);
    } catch (error) {
      undecryptable.push({ id: row.id, name: row.name, error });
      continue;
    }
    const channel: CatalogChannel = {
      id: row.id,
      name: row.name,
      provider: row.provider,
      baseUrl: row.baseUrl,
      apiKey,
      config: (row.config ?? {}) as Record<string, string>,
      priority: row.priority,
      weight: Math.max(1, row.weight),
      costMultiplierPpm: row.costMultiplierPpm,
    };
    for (const served of row.models) {
      const routes = routesByModel.get(served.modelId) ?? [];
      routes.push({ channel, upstreamModel: served.upstreamModel ?? served.modelId });
      routesByModel.set(served.modelId, routes);
    }
  }

  const catalog = new Map<string, CatalogModel>();
  for (const model of models) {
    const routes = routesByModel.get(model.id);
    if (!routes?.length) continue;
    routes.sort((a, b) => b.channel.priority - a.channel.priority);
    const rates = (scope: "SALE" | "COST"): Rates => {
      const price = model.prices.find((p) => p.scope === scope);
      return price
        ? {
            inputPerMTok: price.inputPerMTok,
            outputPerMTok: price.outputPerMTok,
            cachedInputPerMTok: price.cachedInputPerMTok,
            perRequest: price.perRequest,
            perAudioSecond: price.perAudioSecond,
            perMChar: price.perMChar,
          }
        : ZERO;
    };
    const images = new Map<string, ImageRate>();
    for (const price of model.imagePrices) {
      const key = `${price.size}/${price.quality}`;
      const entry = images.get(key) ?? { sale: 0n, cost: 0n };
      if (price.scope === "SALE") entry.sale = price.perImage;
      else entry.cost = price.perImage;
      images.set(key, entry);
    }
    catalog.set(model.id, {
      id: model.id,
      kind: model.kind,
      created: Math.floor(model.createdAt.getTime() / 1000),
      ownedBy: model.ownedBy,
      contextWindow: model.contextWindow,
      maxOutputTokens: model.maxOutputTokens,
      sale: rates("SALE"),
      cost: rates("COST"),
      images,
      routes,
    });
  }
  return {
    models: catalog,
    defaults: new Map(defaults.map((row) => [row.endpoint, row.modelId])),
    codeMsg: codeMsgEnabled(codeMsg?.value),
    channels: channels.length - undecryptable.length,
    undecryptable,
  };
}
