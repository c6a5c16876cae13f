// What the proxy needs to know about models, prices, channels, default models and platform
// settings, loaded from the database in one go, so no call waits on a catalog query unless the
// catalog changed. A change applies to every call admitted after it was committed: a listening
// proxy is told by the change's notification; otherwise each call compares the committed catalog
// version (one shared read, see version-watch.ts). Channel credentials are decrypted once per
// load, kept only in memory.
import type { Rates } from "@relay/billing";
import type { Db, ModelKind, ProviderType } from "@relay/db";
import type pg from "pg";
import type { Logger } from "../observability/logger.ts";
import { load } from "./load.ts";
import { createVersionWatch } from "./version-watch.ts";

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
  /** Date.now() when it was last known current: loaded, or the committed version read unchanged. */
  checkedAt: number;
  models: number;
  /** Enabled channels whose credential decrypts. */
  channels: number;
  /** Enabled channels skipped: their credential does not decrypt with this key. */
  undecryptable: number;
}

/** Everything one load read, as one consistent answer for a call. */
export interface CatalogState {
  /** Models that can be served now: enabled and served by at least one enabled channel. */
  models: Map<string, CatalogModel>;
  /** The model a call naming none gets, by endpoint ("chat", "images", ...). */
  defaults: Map<string, string>;
  /** The platform's switch for "code" and "msg" in JSON answers. */
  codeMsg: boolean;
}

export interface Catalog {
  /** The catalog as committed when this call arrived (or later). */
  current(): Promise<CatalogState>;
  models(): Promise<Map<string, CatalogModel>>;
  /** The platform's code/msg switch as last loaded (on until the first load). */
  codeMsg(): boolean;
  /** Undefined until the first load succeeded. */
  status(): CatalogStatus | undefined;
  refresh(): Promise<void>;
  /** Another process committed a change (its notification): the next call reloads first. */
  changed(): void;
  /**
   * Whether change notifications are known to reach this process: while they do, calls read no
   * version; while they do not (a lost connection, an engine that keeps them per connection),
   * every call compares the committed version.
   */
  follow(live: boolean): void;
  close(): void;
}

export function createCatalog(
  db: Db,
  options: {
    encryptionKey: Buffer;
    /** Reads the committed catalog version. */
    pool: Pick<pg.Pool, "query">;
    refreshMs?: number;
    /** One periodic check in this many loads the whole catalog though its version stood still. */
    fullReloadEvery?: number;
    log: Logger;
  },
): Catalog {
  const { log } = options;
  const versions = createVersionWatch(options.pool);
  let state: CatalogState | undefined;
  let status: CatalogStatus | undefined;
  let timer: NodeJS.Timeout | undefined;
  // Said once per channel, not at every refresh.
  const skipped = new Set<string>();
  // The committed version the applied load read before its rows (so it is never ahead of them),
  // and the notifications counted before it began.
  let loadedVersion = -1n;
  let loadedChanges = 0;
  let changes = 0;
  let live = false;
  let versionUnreadable = false;
  let loading: Promise<void> | undefined;

  const loadOnce = async (): Promise<void> => {
    const startedChanges = changes;
    const version = BigInt(await versions.read());
    const loaded = await load(db, options.encryptionKey);
    for (const channel of loaded.undecryptable) {
      if (skipped.has(channel.id)) continue;
      skipped.add(channel.id);
      log.error(
        { err: channel.error, channelId: channel.id, channel: channel.name },
        "cannot decrypt the channel's credential (wrong RELAY_ENCRYPTION_KEY?); skipping it",
      );
    }
    // A slower, older load finishing last does not replace a newer one.
    if (version < loadedVersion) return;
    loadedVersion = version;
    loadedChanges = Math.max(loadedChanges, startedChanges);
    state = { models: loaded.models, defaults: loaded.defaults, codeMsg: loaded.codeMsg };
    const now = Date.now();
    status = {
      loadedAt: now,
      checkedAt: now,
      models: loaded.models.size,
      channels: loaded.channels,
      undecryptable: loaded.undecryptable.length,
    };
  };

  /** One load at a time; callers that arrive meanwhile share it. Keeps the last catalog on failure. */
  const reload = (): Promise<void> => {
    loading ??= loadOnce()
      .catch((error: unknown) => {
        log.error({ err: error }, "catalog refresh failed");
        if (!state) throw error;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };

  /** Whether the applied catalog is older than `committed`, or than the last notification. */
  const behind = (committed: bigint | undefined) =>
    !state || (committed === undefined ? loadedChanges < changes : loadedVersion < committed);

  const current = async (): Promise<CatalogState> => {
    let committed: bigint | undefined;
    if (state && !live) {
      try {
        committed = BigInt(await versions.read());
        versionUnreadable = false;
      } catch (error) {
        // The database is unreachable: the catalog as loaded beats refusing every call.
        if (!versionUnreadable) log.warn({ err: error }, "catalog version unreadable");
        versionUnreadable = true;
        return state;
      }
    }
    // A load already running may have begun before the change: then one more.
    for (let tries = 0; tries < 3 && behind(committed); tries += 1) await reload();
    if (!state) throw new Error("the catalog has not loaded");
    return state;
  };

  /**
   * The periodic check: one read of the committed version, and a load only if it moved. A load
   * costs the event loop ~10 ms of Prisma work (four queries and their relations), which every
   * call in flight waited out every five seconds; a version read costs a fraction of one.
   */
  const check = async (): Promise<void> => {
    const checkedAt = Date.now();
    const committed = BigInt(await versions.read());
    if (behind(committed)) await reload();
    else if (status) status.checkedAt = Math.max(status.checkedAt, checkedAt);
  };

  if (options.refreshMs !== 0) {
    let ticks = 0;
    timer = setInterval(() => {
      // A whole load now and then all the same: rows changed by hand, not through the services
      // that bump the version, show within a minute.
      ticks += 1;
      const refresh = ticks % (options.fullReloadEvery ?? 12) === 0 ? reload() : check();
      // Logged as it failed; the next refresh tries again.
      refresh.catch((error: unknown) => log.debug({ err: error }, "catalog still not loaded"));
    }, options.refreshMs ?? 5_000);
    timer.unref();
  }

  return {
    current,
    models: () => current().then((catalog) => catalog.models),
    codeMsg: () => state?.codeMsg ?? true,
    status: () => status,
    refresh: reload,
    changed() {
      changes += 1;
    },
    follow(next) {
      // Notifications may have been missed while not listening.
      if (next && !live) changes += 1;
      live = next;
    },
    close() {
      if (timer) clearInterval(timer);
    },
  };
}
