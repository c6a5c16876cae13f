// What an operator sees of a call: its access line (the usage record's numbers, the key only by
// its prefix), the Prometheus counters on the metrics port, and /readyz saying which check fails.
import { randomBytes } from "node:crypto";
import { PassThrough } from "node:stream";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProxy, type ProxyServer } from "../server.ts";
import { encryptionKey, type Harness, startHarness } from "../testing/harness.ts";
import { startTcpFault, type TcpFault, throughFault } from "../testing/tcp-fault.ts";
import { createLogger, type Logger } from "./logger.ts";

/** A logger whose JSON lines the test can wait for. */
function capturedLogger(): {
  log: Logger;
  line(match: (line: LogLine) => boolean): Promise<LogLine>;
} {
  const stream = new PassThrough();
  const seen: LogLine[] = [];
  const waiting: { match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  let partial = "";
  stream.on("data", (chunk: Buffer) => {
    const text = partial + chunk.toString("utf8");
    const lines = text.split("\n");
    partial = lines.pop() ?? "";
    for (const raw of lines) {
      const line = JSON.parse(raw) as LogLine;
      seen.push(line);
      for (const w of waiting.filter((w) => w.match(line))) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  return {
    log: createLogger({ level: "info", destination: stream }),
    line(match) {
      const found = seen.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiting.push({ match, resolve }));
    },
  };
}

type LogLine = Record<string, unknown> & { msg?: string; level?: string };

/** The value of one sample in Prometheus' text format, 0 if absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const row of text.split("\n")) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(row);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? "").split(",").filter(Boolean);
    if (wanted.every((label) => have.includes(label))) return Number(match[3]);
  }
  return 0;
}

async function readyz(baseURL: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${baseURL.replace(/\/v1$/, "")}/readyz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("a call seen by an operator", () => {
  let h: Harness;
  let captured: ReturnType<typeof capturedLogger>;
  let metricsUrl: string;

  beforeAll(async () => {
    captured = capturedLogger();
    h = await startHarness({ proxy: { logger: captured.log, readiness: { cacheMs: 0 } } });
    metricsUrl = (await h.proxy.listenMetrics(0, "127.0.0.1")).url;
  });
  afterAll(async () => {
    await h.close();
  });

  it("writes one access line with the usage record's price and counts the call in /metrics", async () => {
    const { tenantId, key } = await h.tenant();
    const labels = { endpoint: "/v1/chat/completions", model: "gpt-4o-mini" };
    const before = await (await fetch(metricsUrl)).text();

    const { data, response } = await h
      .client(key)
      .chat.completions.create({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: "Say hello to the operator." }],
        max_tokens: 30,
      })
      .withResponse();
    const requestId = response.headers.get("x-request-id") ?? "";
    expect(requestId).toMatch(/^req_/);

    const line = await captured.line((l) => l.msg === "call" && l.requestId === requestId);
    await h.proxy.flush();
    const record = await h.db.usageRecord.findUniqueOrThrow({ where: { requestId } });
    expect(record.price).toBeGreaterThan(0n);
    expect(line).toMatchObject({
      level: "info",
      requestId,
      endpoint: "/v1/chat/completions",
      status: 200,
      errorCode: null,
      tenantId,
      keyPrefix: key.slice(0, "sk-relay-".length + 4),
      model: "gpt-4o-mini",
      channelId: record.channelId,
      promptTokens: data.usage?.prompt_tokens,
      completionTokens: data.usage?.completion_tokens,
      price: record.price.toString(),
    });
    expect(line.latencyMs).toBe(record.latencyMs);
    expect(typeof line.upstreamMs).toBe("number");
    // Never the key itself, anywhere in the line.
    expect(JSON.stringify(line)).not.toContain(key);

    const after = await (await fetch(metricsUrl)).text();
    const calls = { ...labels, status: "200" };
    expect(sample(after, "relay_calls_total", calls)).toBe(
      sample(before, "relay_calls_total", calls) + 1,
    );
    expect(sample(after, "relay_call_duration_seconds_count", labels)).toBe(
      sample(before, "relay_call_duration_seconds_count", labels) + 1,
    );
    expect(sample(after, "relay_call_first_byte_seconds_count", labels)).toBe(
      sample(before, "relay_call_first_byte_seconds_count", labels) + 1,
    );
    // The call settled: its hold is closed, and the writer's batch was measured.
    expect(sample(after, "relay_holds_open")).toBe(0);
    expect(sample(after, "relay_settlement_queue_depth")).toBe(0);
    expect(sample(after, "relay_settlement_batch_seconds_count")).toBeGreaterThan(0);
    expect(sample(after, "relay_catalog_channels")).toBeGreaterThan(0);
  });

  it("logs a refused call with its error code, and counts it by status", async () => {
    const response = await fetch(`${h.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer sk-relay-notARealKey0000000000000000000000000000" },
      body: "{}",
    });
    expect(response.status).toBe(401);
    const requestId = response.headers.get("x-request-id");
    const line = await captured.line((l) => l.msg === "call" && l.requestId === requestId);
    expect(line).toMatchObject({ status: 401, errorCode: "invalid_api_key" });
    expect(line.tenantId).toBeUndefined();
    const metrics = await (await fetch(metricsUrl)).text();
    expect(
      sample(metrics, "relay_calls_total", { endpoint: "/v1/chat/completions", status: "401" }),
    ).toBeGreaterThan(0);
  });

  it("serves /metrics only on the metrics port", async () => {
    const response = await fetch(`${h.baseURL.replace(/\/v1$/, "")}/metrics`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe(
      "invalid_request_error",
    );
    expect((await fetch(metricsUrl.replace("/metrics", "/other"))).status).toBe(404);
  });

  it("is ready with a database, a catalog and a channel it can decrypt", async () => {
    expect(await readyz(h.baseURL)).toEqual({
      status: 200,
      body: {
        ready: true,
        failed: [],
        checks: { database: { ok: true }, catalog: { ok: true }, channels: { ok: true } },
      },
    });
  });
});

describe("/readyz when the proxy cannot serve", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ proxy: { logger: createLogger({ level: "silent" }) } });
  });
  afterAll(async () => {
    await h.close();
  });

  it("503 naming the channels when no channel's credential decrypts with this key", async () => {
    const captured = capturedLogger();
    const wrongKey = createProxy({
      db: h.db,
      pool: h.pool,
      encryptionKey: randomBytes(32),
      catalogRefreshMs: 0,
      logger: captured.log,
      readiness: { cacheMs: 0 },
    });
    try {
      const { url } = await wrongKey.listen(0, "127.0.0.1");
      const { status, body } = await readyz(url);
      expect(status).toBe(503);
      expect(body).toMatchObject({
        ready: false,
        failed: ["channels"],
        checks: {
          database: { ok: true },
          catalog: { ok: true },
          channels: {
            ok: false,
            error: expect.stringContaining("decrypts with RELAY_ENCRYPTION_KEY"),
          },
        },
      });
      // The operator is told which channel, at error level.
      const line = await captured.line((l) => typeof l.channelId === "string");
      expect(line).toMatchObject({ level: "error", msg: expect.stringContaining("decrypt") });
      // Alive all the same.
      expect((await fetch(url.replace(/\/v1$/, "/healthz"))).status).toBe(200);
    } finally {
      await wrongKey.close();
    }
  });

  describe("with the database unreachable", () => {
    let fault: TcpFault;
    let pool: pg.Pool;
    let proxy: ProxyServer;
    let url: string;

    beforeAll(async () => {
      const database = new URL(process.env.DATABASE_URL ?? "");
      fault = await startTcpFault({
        host: database.hostname,
        port: Number(database.port || 5432),
      });
      pool = new pg.Pool({
        connectionString: throughFault(process.env.DATABASE_URL ?? "", fault),
        connectionTimeoutMillis: 1_000,
      });
      // Idle connections reset by the cut: replaced on next use.
      pool.on("error", () => undefined);
      proxy = createProxy({
        db: h.db,
        pool,
        encryptionKey,
        catalogRefreshMs: 0,
        logger: createLogger({ level: "silent" }),
        readiness: { cacheMs: 0 },
      });
      url = (await proxy.listen(0, "127.0.0.1")).url;
    });
    afterAll(async () => {
      fault.restore();
      await proxy.close();
      await pool.end();
      await fault.close();
    });

    it("503 naming the database while it is cut off, 200 once it answers again", async () => {
      expect((await readyz(url)).status).toBe(200);
      fault.cut();
      const { status, body } = await readyz(url);
      expect(status).toBe(503);
      expect(body).toMatchObject({
        ready: false,
        failed: ["database"],
        checks: {
          database: { ok: false, error: expect.any(String) },
          catalog: { ok: true },
          channels: { ok: true },
        },
      });
      fault.restore();
      expect((await readyz(url)).status).toBe(200);
    });
  });
});
