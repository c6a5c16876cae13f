// Prometheus metrics of one proxy process, in a registry of its own (several proxies can share a
// test process). Counters and histograms move on the hot path; everything else is read from the
// gateway's parts when Prometheus scrapes. Labels are bounded: the endpoint is one of the routes
// (or "other"), the model a catalog id (empty before one was found), the channel a channel id.
import { createServer, type Server } from "node:http";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { CatalogStatus } from "../catalog/catalog.ts";
import { KeyedCounter, KeyedHistogram } from "./keyed-series.ts";

/** Read at scrape time. */
export interface MetricSources {
  callsInFlight(): number;
  settlementsQueued(): number;
  coolingChannels(): number;
  catalog(): CatalogStatus | undefined;
}

export interface ObservedCall {
  endpoint: string;
  model: string;
  status: number;
  latencyMs: number;
  /** Until the upstream's response headers; null when no upstream answered. */
  firstByteMs: number | null;
}

export interface Metrics {
  registry: Registry;
  call(call: ObservedCall): void;
  upstreamError(channelId: string): void;
  cooldown(channelId: string): void;
  holdOpened(amount: bigint): void;
  holdClosed(amount: bigint): void;
  settlementBatch(batch: { size: number; ms: number }): void;
}

const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

export function createMetrics(
  sources: MetricSources,
  options: { processMetrics?: boolean } = {},
): Metrics {
  const registry = new Registry();
  // Runtime metrics (event loop lag, heap, GC) only for the real process: each call of this
  // starts observers that live as long as the process.
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  // Moved by every call: keyed series (keyed-series.ts), not prom-client's own.
  const calls = new KeyedCounter(
    "relay_calls_total",
    "Calls answered, by endpoint, model and the HTTP status the client got.",
    ["endpoint", "model", "status"],
    registry,
  );
  const latency = new KeyedHistogram(
    "relay_call_duration_seconds",
    "From the request's arrival to the end of its answer.",
    ["endpoint", "model"],
    LATENCY_BUCKETS,
    registry,
  );
  const firstByte = new KeyedHistogram(
    "relay_call_first_byte_seconds",
    "From the request's arrival to the upstream's response headers (calls an upstream answered).",
    ["endpoint", "model"],
    LATENCY_BUCKETS,
    registry,
  );
  const upstreamErrors = new Counter({
    name: "relay_upstream_errors_total",
    help: "Upstream attempts that failed (connect error, timeout, 429, 5xx), by channel id.",
    labelNames: ["channel"] as const,
    registers,
  });
  const cooldowns = new Counter({
    name: "relay_channel_cooldowns_total",
    help: "Times a channel was cooled down after consecutive failures, by channel id.",
    labelNames: ["channel"] as const,
    registers,
  });
  const batchSeconds = new Histogram({
    name: "relay_settlement_batch_seconds",
    help: "How long one settlement batch's transaction took.",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  const batchSize = new Histogram({
    name: "relay_settlement_batch_size",
    help: "Holds and settlements written by one batch.",
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
    registers,
  });

  // Holds this process placed whose calls have not settled yet, kept exact in micro-dollars.
  let openHolds = 0;
  let openHoldMicros = 0n;
  const gauge = (name: string, help: string, read: () => number | undefined) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        const value = read();
        if (value === undefined) this.reset();
        else this.set(value);
      },
    });
  gauge(
    "relay_holds_open",
    "Holds placed by this process whose call has not settled.",
    () => openHolds,
  );
  gauge(
    "relay_holds_open_usd",
    "Sum of those holds in USD (a float for display; the ledger is exact).",
    () => Number(openHoldMicros) / 1e6,
  );
  gauge("relay_calls_in_flight", "Metered calls this process is serving.", sources.callsInFlight);
  gauge(
    "relay_settlement_queue_depth",
    "Settlements and holds waiting for the next batch.",
    sources.settlementsQueued,
  );
  gauge(
    "relay_channels_cooling",
    "Channels this process is skipping after failures.",
    sources.coolingChannels,
  );
  gauge(
    "relay_catalog_age_seconds",
    "Seconds since the catalog was last known current (loaded, or its committed version read).",
    () => {
      const status = sources.catalog();
      return status && (Date.now() - status.checkedAt) / 1000;
    },
  );
  gauge("relay_catalog_models", "Models the catalog can serve.", () => sources.catalog()?.models);
  gauge(
    "relay_catalog_channels",
    "Enabled channels whose credential decrypts.",
    () => sources.catalog()?.channels,
  );
  gauge(
    "relay_catalog_channels_undecryptable",
    "Enabled channels skipped because their credential does not decrypt with this key.",
    () => sources.catalog()?.undecryptable,
  );

  return {
    registry,
    call(call) {
      calls.inc([call.endpoint, call.model, String(call.status)]);
      const labels = [call.endpoint, call.model];
      latency.observe(labels, call.latencyMs / 1000);
      if (call.firstByteMs !== null) firstByte.observe(labels, call.firstByteMs / 1000);
    },
    upstreamError: (channel) => upstreamErrors.inc({ channel }),
    cooldown: (channel) => cooldowns.inc({ channel }),
    holdOpened(amount) {
      openHolds += 1;
      openHoldMicros += amount;
    },
    holdClosed(amount) {
      openHolds -= 1;
      openHoldMicros -= amount;
    },
    settlementBatch({ size, ms }) {
      batchSeconds.observe(ms / 1000);
      batchSize.observe(size);
    },
  };
}

/**
 * /metrics on a port of its own (RELAY_METRICS_PORT), never on the API port: the public gateway
 * does not route to it, so the metrics need no token; keep the port off the internet.
 */
export function serveMetrics(registry: Registry): Server {
  return createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" || path !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found: try GET /metrics\n");
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
      (error: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" }).end(`${String(error)}\n`);
      },
    );
  });
}
