// The data stores fail under load: PostgreSQL restarting (every connection reset, new ones
// refused for a while) and, with REDIS_URL, Redis going away. Calls then fail fast with an
// OpenAI-shaped 503, the proxy recovers by itself once the store is back, and no usage of a call
// that was answered is lost: every 2xx ends as exactly one charged usage record.
import { createDb } from "@relay/db";
import type OpenAI from "openai";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../testing/harness.ts";
import { startTcpFault, type TcpFault, throughFault } from "../testing/tcp-fault.ts";

const redisUrl = process.env.REDIS_URL;

interface Outcome {
  status: number;
  ms: number;
  code?: string | null;
}

async function call(client: OpenAI): Promise<Outcome> {
  const started = performance.now();
  try {
    await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "are you there?" }],
      max_tokens: 20,
    });
    return { status: 200, ms: performance.now() - started };
  } catch (error) {
    const e = error as InstanceType<typeof OpenAI.APIError>;
    return { status: e.status ?? 0, ms: performance.now() - started, code: e.code };
  }
}

/** Calls from `workers` loops until `stop` resolves. */
async function load(client: OpenAI, workers: number, stop: Promise<void>): Promise<Outcome[]> {
  let done = false;
  void stop.then(() => {
    done = true;
  });
  const outcomes: Outcome[] = [];
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (!done) outcomes.push(await call(client));
    }),
  );
  return outcomes;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function report(what: string, outcomes: Outcome[]): void {
  const refused = outcomes.filter((o) => o.status !== 200);
  const slowest = Math.max(0, ...refused.map((o) => o.ms));
  console.log(
    `${what}: ${outcomes.length} calls, ${outcomes.length - refused.length} served, ` +
      `${refused.length} refused with 503 (slowest refusal ${slowest.toFixed(0)} ms)`,
  );
}

async function expectNothingLost(h: Harness, tenantId: string, served: number, credit: bigint) {
  const state = await h.balance(tenantId);
  const records = await h.db.usageRecord.aggregate({
    where: { tenantId, status: 200 },
    _count: true,
    _sum: { price: true },
  });
  expect(records._count).toBe(served);
  expect(state.held).toBe(0n);
  expect(state.balance).toBe(state.ledger);
  expect(state.balance).toBe(credit - (records._sum.price ?? 0n));
}

describe("PostgreSQL restarted mid-load", () => {
  let fault: TcpFault;
  let h: Harness;

  beforeAll(async () => {
    const url = process.env.DATABASE_URL ?? "";
    const target = new URL(url);
    fault = await startTcpFault({ host: target.hostname, port: Number(target.port || 5432) });
    const faulty = throughFault(url, fault);
    const pool = new pg.Pool({ connectionString: faulty, max: 10, connectionTimeoutMillis: 1_000 });
    pool.on("error", () => {});
    h = await startHarness({
      proxy: {
        db: createDb(faulty),
        pool,
        keyCacheTtlMs: 100,
      },
    });
  });
  afterAll(async () => {
    fault.restore();
    await h.close();
    await fault.close();
  });

  it("fails fast with 503 while it is down, recovers by itself, loses no usage", async () => {
    const { tenantId, key } = await h.tenant({ credit: "5" });
    const client = h.client(key);
    const outage = (async () => {
      await pause(500);
      fault.cut();
      await pause(2_000);
      fault.restore();
      await pause(1_500);
    })();
    const outcomes = await load(client, 8, outage);
    report("PostgreSQL cut for 2 s", outcomes);

    const down = outcomes.filter((o) => o.status !== 200);
    expect(down.length).toBeGreaterThan(0);
    for (const o of down) {
      expect(o).toMatchObject({ status: 503, code: "service_unavailable" });
      expect(o.ms).toBeLessThan(3_000);
    }
    // Back without a restart: the last calls were served.
    expect(outcomes.slice(-8).every((o) => o.status === 200)).toBe(true);
    const served = outcomes.filter((o) => o.status === 200).length;
    await expectNothingLost(h, tenantId, served, 5_000_000n);
  }, 30_000);
});

describe.skipIf(!redisUrl)("Redis down with REDIS_URL set: fail closed", () => {
  let fault: TcpFault;
  let h: Harness;

  beforeAll(async () => {
    const target = new URL(redisUrl ?? "");
    fault = await startTcpFault({ host: target.hostname, port: Number(target.port || 6379) });
    h = await startHarness({ proxy: { redisUrl: throughFault(redisUrl ?? "", fault) } });
  });
  afterAll(async () => {
    fault.restore();
    await h.close();
    await fault.close();
  });

  it("refuses calls with 503 while Redis is away, and serves them again when it is back", async () => {
    const { tenantId, key } = await h.tenant({ credit: "5" });
    const client = h.client(key);
    expect((await call(client)).status).toBe(200);
    const outage = (async () => {
      await pause(300);
      fault.cut();
      await pause(2_000);
      fault.restore();
      await pause(2_000);
    })();
    const outcomes = await load(client, 4, outage);
    report("Redis cut for 2 s", outcomes);
    const down = outcomes.filter((o) => o.status !== 200);
    expect(down.length).toBeGreaterThan(0);
    for (const o of down) {
      expect(o).toMatchObject({ status: 503, code: "service_unavailable" });
      expect(o.ms).toBeLessThan(3_000);
    }
    expect(outcomes.slice(-4).every((o) => o.status === 200)).toBe(true);
    const served = outcomes.filter((o) => o.status === 200).length + 1;
    await expectNothingLost(h, tenantId, served, 5_000_000n);
  }, 30_000);
});
