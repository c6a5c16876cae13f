// Everything a call needs on its way through, built once at start-up. Each side dependency is an
// interface with a real and an in-memory implementation (STYLE.md), chosen here.
import type { Db } from "@relay/db";
import { Redis } from "ioredis";
import type pg from "pg";
import { createKeyCache, type KeyCache } from "./auth/key-cache.ts";
import { createPgHoldStore, type HoldStore } from "./billing/holds.ts";
import { createRedisHoldStore, type RedisHoldStore } from "./billing/redis-holds.ts";
import { createSettlementWriter, type SettlementSink } from "./billing/settlement-writer.ts";
import { type Catalog, createCatalog } from "./catalog/catalog.ts";
import { createRateLimiter } from "./limits/index.ts";
import type { RateLimiter } from "./limits/rate-limiter.ts";
import { ChannelHealth } from "./routing/health.ts";
import { UpstreamPools } from "./upstream/pools.ts";

export interface GatewayConfig {
  bodyLimitBytes: number;
  /** The longest a call may run; its hold expires after this. */
  holdTtlMs: number;
  headersTimeoutMs: number;
}

export interface Gateway {
  db: Db;
  pool: pg.Pool;
  redis: Redis | undefined;
  redisHolds: RedisHoldStore | undefined;
  keys: KeyCache;
  catalog: Catalog;
  holds: HoldStore;
  settlements: SettlementSink;
  limiter: RateLimiter;
  health: ChannelHealth;
  pools: UpstreamPools;
  config: GatewayConfig;
}

export interface GatewayOptions {
  db: Db;
  pool: pg.Pool;
  redisUrl?: string;
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
  /** After each committed batch of charges: balances went down (e.g. the low-balance job). */
  onSettled?: () => void;
}

export function createGateway(options: GatewayOptions): Gateway {
  // With Redis, holds live there (shared by every replica) and are written through to Postgres.
  const redis = options.redisUrl
    ? new Redis(options.redisUrl, { maxRetriesPerRequest: 2, enableAutoPipelining: true })
    : undefined;
  let redisHolds: RedisHoldStore | undefined;
  const settlements = createSettlementWriter(options.pool, {
    delayMs: options.settlementDelayMs,
    onCommitted: async (committed) => {
      options.onSettled?.();
      await redisHolds?.committed(committed);
    },
  });
  if (redis) redisHolds = createRedisHoldStore({ redis, pool: options.pool, sink: settlements });
  return {
    db: options.db,
    pool: options.pool,
    redis,
    redisHolds,
    keys: createKeyCache(options.db, { ttlMs: options.keyCacheTtlMs }),
    catalog: createCatalog(options.db, { refreshMs: options.catalogRefreshMs }),
    holds: redisHolds ?? createPgHoldStore(options.pool),
    settlements,
    limiter: createRateLimiter({ redisUrl: options.redisUrl }),
    health: new ChannelHealth(options.health),
    pools: new UpstreamPools(),
    config: {
      bodyLimitBytes: options.config?.bodyLimitBytes ?? 10 * 1024 * 1024,
      holdTtlMs: options.config?.holdTtlMs ?? 10 * 60_000,
      headersTimeoutMs: options.config?.headersTimeoutMs ?? 120_000,
    },
  };
}
