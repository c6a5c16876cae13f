// An attacker's burst against a $0.01 tenant over two proxy replicas: 200 concurrent calls mixing
// streams and not, chat and legacy completions, n > 1, null and absent max_tokens, while the
// tenant's balance changes under it (credits and debits notified to both replicas). Postgres holds
// always (the embedded database locally, PostgreSQL in CI); Redis holds too when REDIS_URL is set.
// Pass: the balance never goes below zero, balance == sum(ledger), every 2xx is exactly one charged
// usage record, and nothing stays held.
import { creditTenant } from "@relay/services";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenForChanges } from "../auth/revocations.ts";
import { changeHandlers, createProxy, type ProxyServer } from "../server.ts";
import { encryptionKey, type Harness, startHarness } from "../testing/harness.ts";

const redisUrl = process.env.REDIS_URL;
const engines = [
  { engine: "postgres", redisUrl: undefined, skip: false },
  { engine: "redis", redisUrl, skip: !redisUrl },
];

type Call = (client: OpenAI) => Promise<unknown>;

const chat = (extra: Record<string, unknown>, stream: boolean): Call => {
  return async (client) => {
    const body = {
      model: "gpt-4o-mini",
      messages: [{ role: "user" as const, content: "write a poem about money" }],
      ...extra,
    };
    if (!stream) return client.chat.completions.create(body as never);
    const answer = await client.chat.completions.create({ ...body, stream: true } as never);
    for await (const _chunk of answer as unknown as AsyncIterable<unknown>) {
      // drain
    }
  };
};

const completion = (extra: Record<string, unknown>, stream: boolean): Call => {
  return async (client) => {
    const body = { model: "gpt-3.5-turbo-instruct", prompt: "Once upon a time", ...extra };
    if (!stream) return client.completions.create(body as never);
    const answer = await client.completions.create({ ...body, stream: true } as never);
    for await (const _chunk of answer as unknown as AsyncIterable<unknown>) {
      // drain
    }
  };
};

const MIX: Call[] = [
  chat({ max_tokens: 50 }, false),
  chat({ max_tokens: 50 }, true),
  chat({ max_tokens: null, n: 2 }, false),
  chat({}, true),
  chat({ max_completion_tokens: 40, n: 3 }, true),
  completion({ max_tokens: null, n: 4 }, false),
  completion({}, true),
  completion({ max_tokens: 30, n: 2, best_of: 3 }, false),
];

describe.each(engines)("a one-cent burst over two replicas ($engine holds)", (engine) => {
  let h: Harness;
  let second: ProxyServer;
  let secondUrl: string;
  const stops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    if (engine.skip) return;
    h = await startHarness({ proxy: { redisUrl: engine.redisUrl } });
    second = createProxy({
      db: h.db,
      pool: h.pool,
      encryptionKey,
      redisUrl: engine.redisUrl,
      catalogRefreshMs: 0,
      settlementDelayMs: 1,
    });
    secondUrl = (await second.listen(0, "127.0.0.1")).url;
    const url = process.env.DATABASE_URL ?? "";
    stops.push(await listenForChanges(url, changeHandlers(h.proxy.gateway)));
    stops.push(await listenForChanges(url, changeHandlers(second.gateway)));
  });
  afterAll(async () => {
    if (engine.skip) return;
    for (const stop of stops) await stop();
    await second.close();
    await h.close();
  });

  it.skipIf(engine.skip)(
    "200 mixed calls with balance changes mid-burst: never below zero, exact",
    async () => {
      const { tenantId, key } = await h.tenant({ credit: "0.01" });
      const clients = [
        h.client(key),
        new OpenAI({ apiKey: key, baseURL: secondUrl, maxRetries: 0 }),
      ];
      let lowest = 10_000n;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const { balance } = await h.db.tenant.findUniqueOrThrow({ where: { id: tenantId } });
          if (balance < lowest) lowest = balance;
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();
      // Ten balance changes during the burst: a micro-dollar credited, then taken back.
      const changes = (async () => {
        for (let i = 0; i < 10; i++) {
          await new Promise((resolve) => setTimeout(resolve, 15));
          for (const amount of [1n, -1n]) {
            await creditTenant({
              ctx: { db: h.db, actor: { label: "test" } },
              input: { tenant: tenantId, amount, reason: `mid-burst ${i}`, kind: "ADJUSTMENT" },
            });
          }
        }
      })();
      const outcomes = await Promise.all(
        Array.from({ length: 200 }, async (_, i) => {
          try {
            await (MIX[i % MIX.length] as Call)(clients[i % 2] as OpenAI);
            return "ok";
          } catch (error) {
            return (error as { code?: string }).code ?? String(error);
          }
        }),
      );
      await changes;
      await second.flush();
      const state = await h.balance(tenantId);
      sampling = false;
      await sampler;

      const ok = outcomes.filter((o) => o === "ok").length;
      console.log(
        `${engine.engine}: 200 calls, ${ok} served, ${200 - ok} refused, lowest balance ${lowest} µ$`,
      );
      expect(outcomes.filter((o) => o !== "ok" && o !== "insufficient_quota")).toEqual([]);
      expect(ok).toBeGreaterThan(0);
      expect(ok).toBeLessThan(200);
      expect(lowest).toBeGreaterThanOrEqual(0n);
      expect(state.balance).toBeGreaterThanOrEqual(0n);
      expect(state.held).toBe(0n);
      expect(state.balance).toBe(state.ledger);
      const records = await h.db.usageRecord.aggregate({
        where: { tenantId, status: 200 },
        _count: true,
        _sum: { price: true },
      });
      expect(records._count).toBe(ok);
      expect(state.balance).toBe(10_000n - (records._sum.price ?? 0n));
    },
    120_000,
  );
});
