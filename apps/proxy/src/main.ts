import { otherLiveOwners } from "@relay/billing/hot-path";
import { createDb } from "@relay/db";
import pg from "pg";
import { nudgeOnBalanceChange, startLowBalanceJob } from "./alerts/low-balance-job.ts";
import { listenForChanges } from "./auth/revocations.ts";
import { loadEnv, type ProxyConfig } from "./env.ts";
import { createLogger } from "./observability/logger.ts";
import { changeHandlers, createProxy } from "./server.ts";
import { warmEncoders } from "./tokenize/index.ts";

let env: ProxyConfig;
try {
  env = loadEnv();
} catch (error) {
  // The message names every bad variable; a stack trace would only bury it. (No logger yet: its
  // settings are among the variables.)
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
const log = createLogger({
  level: env.LOG_LEVEL,
  pretty: env.LOG_PRETTY ?? process.stdout.isTTY === true,
});
const db = createDb(env.DATABASE_URL);
// The hot path's own pool: holds and batched settlements in plain SQL.
const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 10 });
// An idle connection dropped by a restarting server is replaced on next use, not fatal.
pool.on("error", (error) => log.warn({ err: error }, "idle database connection lost"));

// Low-balance emails: soon after this replica's charges or a balance-change notification (credits
// and other replicas), and every 30 s.
const lowBalance = startLowBalanceJob({
  db,
  consoleUrl: env.RELAY_CONSOLE_PUBLIC_URL,
  settings: env.mail,
  log,
});
const proxy = createProxy({
  db,
  pool,
  redisUrl: env.REDIS_URL,
  holdStore: env.RELAY_HOLDS,
  upstreamConnections: env.RELAY_UPSTREAM_CONNECTIONS,
  encryptionKey: env.encryptionKey,
  keyCacheTtlMs: env.RELAY_KEY_CACHE_TTL_MS,
  settlementDelayMs: env.RELAY_SETTLEMENT_DELAY_MS,
  instanceName: env.RELAY_INSTANCE_NAME,
  trustedProxies: env.RELAY_TRUSTED_PROXIES,
  config: {
    bodyLimitBytes: env.RELAY_BODY_LIMIT_MB * 1024 * 1024,
    audioLimitBytes: env.RELAY_MAX_AUDIO_MB * 1024 * 1024,
    imageLimitBytes: env.RELAY_MAX_IMAGE_MB * 1024 * 1024,
    holdTtlMs: env.RELAY_CALL_DEADLINE_S * 1000,
    fileLimitBytes: env.RELAY_MAX_FILE_MB * 1024 * 1024,
  },
  onSettled: () => lowBalance.nudge(),
  logger: log,
  processMetrics: true,
});
const stopListening = await listenForChanges(
  env.DATABASE_URL,
  nudgeOnBalanceChange(changeHandlers(proxy.gateway), lowBalance),
  log,
  // While notifications arrive, calls need not read the catalog version.
  (live) => proxy.gateway.catalog.follow(live),
);
const { port } = await proxy.listen(env.PORT, env.HOST);
if (env.RELAY_HOLDS === "memory") {
  const others = await otherLiveOwners(pool, proxy.gateway.owner);
  if (others.length > 0) {
    log.error(
      { others },
      "RELAY_HOLDS=memory needs this proxy to be the only one on its database, and another is running: stop it, or unset RELAY_HOLDS to keep holds in the database",
    );
    await proxy.close();
    process.exit(1);
  }
}
// A plain line whatever LOG_LEVEL says: supervisors and tools wait for it to know the proxy is up.
console.log(`Relay proxy listening on http://${env.HOST}:${port}/v1`);
// The tokenizer's encoders load now rather than during the first calls.
warmEncoders();
if (env.RELAY_METRICS_PORT !== undefined) {
  await proxy.listenMetrics(env.RELAY_METRICS_PORT, env.HOST);
  log.info(`Prometheus metrics on http://${env.HOST}:${env.RELAY_METRICS_PORT}/metrics`);
}

async function shutdown(signal: string): Promise<void> {
  log.info(`${signal}: finishing calls in flight and flushing usage…`);
  await lowBalance.stop();
  await proxy.close();
  await stopListening();
  await pool.end();
  await db.$disconnect();
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
