// Everything a call needs on its way through, built once at start-up. Each side dependency (holds,
// rate limits) is an interface whose implementation is chosen here: Redis-backed when a Redis URL
// is given, otherwise one that needs only Postgres or memory.
import {
  createHoldOwner,
  createMemoryHoldStore,
  createPgHoldStore,
  createRedisHoldStore,
  createSettlementWriter,
  type HoldOwner,
  type HoldStore,
  type MemoryHoldStore,
  type OwnerTimings,
  type RedisHoldStore,
  releasingMemoryHolds,
  releasingRedisHolds,
  type SettlementSink,
} from "@relay/billing/hot-path";
import type { Db } from "@relay/db";
import { Redis } from "ioredis";
import type pg from "pg";
import { createKeyCache, type KeyCache } from "./auth/key-cache.ts";
import { pgKeyReader } from "./auth/key-read.ts";
import { type Catalog, createCatalog } from "./catalog/catalog.ts";
import { ChannelHealth } from "./channels/health.ts";
import { UpstreamPools } from "./channels/pools.ts";
import { createRateLimiter } from "./limits/index.ts";
import type { RateLimiter } from "./limits/rate-limiter.ts";
import { type AccessLine, accessLineOf } from "./observability/access-line.ts";
import { defaultLogger, type Logger } from "./observability/logger.ts";
import { createMetrics, type Metrics } from "./observability/metrics.ts";
import {
  createReadiness,
  type Readiness,
  type ReadinessOptions,
} from "./observability/readiness.ts";

export interface GatewayConfig {
  bodyLimitBytes: number;
  /** The largest audio file a transcription or translation takes (RELAY_MAX_AUDIO_MB). */
  audioLimitBytes: number;
  /** The largest image (and mask) an image edit or variation takes (RELAY_MAX_IMAGE_MB). */
  imageLimitBytes: number;
  /** The longest a call may run: it is ended then, and charged for what it delivered. */
  holdTtlMs: number;
  headersTimeoutMs: number;
  /** The largest file /v1/files accepts (RELAY_MAX_FILE_MB, default 512 MB). */
  fileLimitBytes: number;
}

/** The calls this process is serving, so they can all be ended at once (fencing). */
export class CallRegistry {
  readonly #calls = new Set<{ abort(reason: Error): void }>();
  add(call: { abort(reason: Error): void }): () => void {
    this.#calls.add(call);
    return () => this.#calls.delete(call);
  }
  abortAll(reason: string): number {
    const count = this.#calls.size;
    for (const call of this.#calls) call.abort(new Error(reason));
    return count;
  }
  get size(): number {
    return this.#calls.size;
  }
}

export interface Gateway {
  db: Db;
  pool: pg.Pool;
  redis: Redis | undefined;
  redisHolds: RedisHoldStore | undefined;
  /** Holds in this process (RELAY_HOLDS=memory): the only proxy on its database. */
  memoryHolds: MemoryHoldStore | undefined;
  keys: KeyCache;
  catalog: Catalog;
  holds: HoldStore;
  /** This process as the owner of its holds: they live while it beats. */
  owner: HoldOwner;
  calls: CallRegistry;
  settlements: SettlementSink;
  limiter: RateLimiter;
  health: ChannelHealth;
  pools: UpstreamPools;
  config: GatewayConfig;
  log: Logger;
  /**
   * The per-call access lines: written to the log's destination as pino would, without its
   * per-field machinery and redaction net, as a line carries only fields picked for it (the key's
   * visible prefix, never the key).
   */
  accessLog: AccessLine;
  metrics: Metrics;
  readiness: Readiness;
}

export interface GatewayOptions {
  db: Db;
  pool: pg.Pool;
  redisUrl?: string;
  /**
   * "memory": holds live in this process, with no round trip per call. Only for a proxy that is
   * alone on its database (the embedded platform); main.ts refuses to start beside another.
   */
  holdStore?: "memory";
  /** Connections per upstream origin (RELAY_UPSTREAM_CONNECTIONS); unset: unbounded. */
  upstreamConnections?: number;
  /** RELAY_ENCRYPTION_KEY: decrypts the channels' stored credentials. */
  encryptionKey: Buffer;
  keyCacheTtlMs?: number;
  catalogRefreshMs?: number;
  settlementDelayMs?: number;
  health?: {
    threshold?: number;
    cooldownMs?: number;
    probeIntervalMs?: number;
    /** How often this replica adds its channel health to the channels table. */
    reportIntervalMs?: number;
  };
  config?: Partial<GatewayConfig>;
  /** This process's name as a hold owner: the same after a restart (default host:port). */
  instanceName?: string;
  /** Hold owner heartbeat timings (tests shorten them). */
  ownerTimings?: Partial<OwnerTimings>;
  /** After each committed batch of charges: balances went down (e.g. the low-balance job). */
  onSettled?: () => void;
  /** Where access lines and errors go (warnings and errors on stdout when absent). */
  logger?: Logger;
  /** Node runtime metrics (event loop, heap, GC) in /metrics too: for the real process. */
  processMetrics?: boolean;
  readiness?: ReadinessOptions;
}

export function createGateway(options: GatewayOptions): Gateway {
  const log = options.logger ?? defaultLogger();
  // With Redis, holds live there (shared by every replica) and are written through to Postgres,
  // unless they live in this process.
  const redis =
    options.redisUrl && options.holdStore !== "memory"
      ? new Redis(options.redisUrl, {
          // Redis down: calls fail in about a second with a 503 instead of queueing.
          maxRetriesPerRequest: 1,
          commandTimeout: 1_000,
          enableAutoPipelining: true,
        })
      : undefined;
  // Each failed reconnect says so (ioredis backs off, so this stays a trickle during an outage).
  redis?.on("error", (error: Error) => log.warn({ err: error }, "Redis (holds) connection error"));
  let redisHolds: RedisHoldStore | undefined;
  const calls = new CallRegistry();
  const owner = createHoldOwner(options.pool, {
    timings: options.ownerTimings,
    log,
    onFenced: (why) => {
      const ended = calls.abortAll(why);
      log.error({ ended }, `ending the calls in flight: ${why}`);
    },
    onReleased: async (released, dead) => {
      await redisHolds?.released(released, dead);
    },
  });
  // Its gauges read the parts below when scraped.
  const metrics = createMetrics(
    {
      callsInFlight: () => calls.size,
      settlementsQueued: () => settlements.queued(),
      coolingChannels: () => health.cooling().length,
      catalog: () => catalog.status(),
    },
    { processMetrics: options.processMetrics },
  );
  const pgHolds = createPgHoldStore(options.pool, { instanceId: () => owner.id, log });
  const memoryHolds =
    options.holdStore === "memory"
      ? createMemoryHoldStore(options.pool, { platform: pgHolds, log })
      : undefined;
  const writer = createSettlementWriter(options.pool, {
    delayMs: options.settlementDelayMs,
    log,
    onBatch: (batch) => metrics.settlementBatch(batch),
    onCommitted: async (committed) => {
      memoryHolds?.committed(committed);
      options.onSettled?.();
      await redisHolds?.committed(committed);
    },
  });
  if (redis && !memoryHolds) {
    redisHolds = createRedisHoldStore({
      redis,
      pool: options.pool,
      sink: writer,
      instanceId: () => owner.id,
      log,
    });
  }
  const settlements = memoryHolds
    ? releasingMemoryHolds(writer, memoryHolds)
    : redisHolds
      ? releasingRedisHolds(writer, redisHolds)
      : writer;
  const catalog = createCatalog(options.db, {
    encryptionKey: options.encryptionKey,
    pool: options.pool,
    refreshMs: options.catalogRefreshMs,
    log,
  });
  const health = new ChannelHealth({
    ...options.health,
    onFailure: (channelId, cooledDown) => {
      metrics.upstreamError(channelId);
      if (!cooledDown) return;
      metrics.cooldown(channelId);
      log.warn(
        { channelId },
        "channel failed repeatedly: cooling down, probing it until it answers",
      );
    },
  });
  return {
    db: options.db,
    pool: options.pool,
    redis,
    redisHolds,
    memoryHolds,
    keys: createKeyCache(pgKeyReader(options.pool), { ttlMs: options.keyCacheTtlMs }),
    catalog,
    holds: memoryHolds ?? redisHolds ?? pgHolds,
    owner,
    calls,
    settlements,
    limiter: createRateLimiter({
      redisUrl: options.redisUrl,
      onError: (error) => log.warn({ err: error }, "Redis (rate limits) connection error"),
    }),
    health,
    pools: new UpstreamPools({ connections: options.upstreamConnections }),
    config: {
      bodyLimitBytes: options.config?.bodyLimitBytes ?? 10 * 1024 * 1024,
      audioLimitBytes: options.config?.audioLimitBytes ?? 25 * 1024 * 1024,
      imageLimitBytes: options.config?.imageLimitBytes ?? 4 * 1024 * 1024,
      holdTtlMs: options.config?.holdTtlMs ?? 10 * 60_000,
      headersTimeoutMs: options.config?.headersTimeoutMs ?? 120_000,
      fileLimitBytes: options.config?.fileLimitBytes ?? 512 * 1024 * 1024,
    },
    log,
    accessLog: accessLineOf(log),
    metrics,
    readiness: createReadiness(options.pool, catalog, options.readiness),
  };
}
