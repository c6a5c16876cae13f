// What the proxy needs to know about models, prices and channels, loaded from the database in one
// go and refreshed in the background, so no call waits on a catalog query. Channel credentials
// are decrypted once per refresh, kept only in memory.
import type { Rates } from "@relay/billing";
import type { Db, ModelKind, ProviderType } from "@relay/db";
import { decryptSecret } from "@relay/services/credential";
import type { Logger } from "../observability/logger.ts";

export interface CatalogChannel {
  id: string;
  name: string;
  provider: ProviderType;
  baseUrl: string;
  apiKey: string;
  config: Record<string, string>;
  priority: number;
  weight: number;
  costMultiplierPpm: number;
}

export interface ChannelRoute {
  channel: CatalogChannel;
  /** The name this channel's upstream knows the model by. */
  upstreamModel: string;
}

export interface ImageRate {
  sale: bigint;
  cost: bigint;
}

export interface CatalogModel {
  id: string;
  kind: ModelKind;
  created: number;
  ownedBy: string;
  contextWindow: number;
  maxOutputTokens: number;
  sale: Rates;
  cost: Rates;
  /** Keyed "size/quality", e.g. "1024x1024/hd". */
  images: Map<string, ImageRate>;
  /** Channels serving the model, highest priority first. */
  routes: ChannelRoute[];
}

/** What the last successful load found (metrics, readiness). */
export interface CatalogStatus {
  /** Date.now() when it was loaded. */
  loadedAt: number;
  models: number;
  /** Enabled channels whose credential decrypts. */
  channels: number;
  /** Enabled channels skipped: their credential does not decrypt with this key. */
  undecryptable: number;
}

export interface Catalog {
  /** Models that can be served now: enabled and served by at least one enabled channel. */
  models(): Promise<Map<string, CatalogModel>>;
  /** Undefined until the first load succeeded. */
  status(): CatalogStatus | undefined;
  refresh(): Promise<void>;
  close(): void;
}

const ZERO: Rates = {
  inputPerMTok: 0n,
  outputPerMTok: 0n,
  cachedInputPerMTok: 0n,
  perRequest: 0n,
  perAudioSecond: 0n,
};

interface Loaded {
  models: Map<string, CatalogModel>;
  channels: number;
  undecryptable: { id: string; name: string; error: unknown }[];
}

async function load(db: Db, encryptionKey: Buffer): Promise<Loaded> {
  const [models, channels] = await Promise.all([
    db.model.findMany({ where: { enabled: true }, include: { prices: true, imagePrices: true } }),
    db.channel.findMany({ where: { status: "ENABLED" }, include: { models: true } }),
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
  return { models: catalog, channels: channels.length - undecryptable.length, undecryptable };
}

export function createCatalog(
  db: Db,
  options: { encryptionKey: Buffer; refreshMs?: number; log: Logger },
): Catalog {
  const { log } = options;
  let current: Promise<Map<string, CatalogModel>> | undefined;
  let status: CatalogStatus | undefined;
  let timer: NodeJS.Timeout | undefined;
  // Said once per channel, not at every refresh.
  const skipped = new Set<string>();

  const loadModels = () =>
    load(db, options.encryptionKey).then((loaded) => {
      for (const channel of loaded.undecryptable) {
        if (skipped.has(channel.id)) continue;
        skipped.add(channel.id);
        log.error(
          { err: channel.error, channelId: channel.id, channel: channel.name },
          "cannot decrypt the channel's credential (wrong RELAY_ENCRYPTION_KEY?); skipping it",
        );
      }
      status = {
        loadedAt: Date.now(),
        models: loaded.models.size,
        channels: loaded.channels,
        undecryptable: loaded.undecryptable.length,
      };
      return loaded.models;
    });

  const refresh = async () => {
    const next = loadModels();
    // Keep serving the previous catalog if a refresh fails.
    await next.then(
      () => {
        current = next;
      },
      (error: unknown) => {
        log.error({ err: error }, "catalog refresh failed");
        if (!current) throw error;
      },
    );
  };

  if (options.refreshMs !== 0) {
    timer = setInterval(() => {
      // Logged as it failed; the next refresh tries again.
      refresh().catch((error: unknown) => log.debug({ err: error }, "catalog still not loaded"));
    }, options.refreshMs ?? 5_000);
    timer.unref();
  }

  return {
    models() {
      current ??= loadModels();
      return current;
    },
    status: () => status,
    refresh,
    close() {
      if (timer) clearInterval(timer);
    },
  };
}
