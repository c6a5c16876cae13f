// Production mode: several proxy replicas share one balance through Redis holds, written
// through to Postgres. Runs when REDIS_URL is set (CI); skipped otherwise.
import { parseUsd } from "@relay/billing";
import { creditTenant } from "@relay/services";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenForChanges } from "../auth/revocations.ts";
import { changeHandlers, createProxy, type ProxyServer } from "../server.ts";
import { encryptionKey, type Harness, startHarness } from "../testing/harness.ts";

const redisUrl = process.env.REDIS_URL;

describe.skipIf(!redisUrl)("Redis holds across replicas", () => {
  let h: Harness;
  let second: ProxyServer;
  let secondUrl: string;
  const stops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    h = await startHarness({ proxy: { redisUrl } });
    second = createProxy({
      db: h.db,
      pool: h.pool,
      encryptionKey,
      redisUrl,
      catalogRefreshMs: 0,
      settlementDelayMs: 1,
    });
    secondUrl = (await second.listen(0, "127.0.0.1")).url;
    const url = process.env.DATABASE_URL ?? "";
    stops.push(await listenForChanges(url, changeHandlers(h.proxy.gateway)));
    stops.push(await listenForChanges(url, changeHandlers(second.gateway)));
  });
  afterAll(async () => {
    for (const stop of stops) await stop();
    await second.close();
    await h.close();
  });

  async function settled(tenantId: string) {
    await second.flush();
    const state = await h.balance(tenantId);
    expect(state.held).toBe(0n);
    expect(state.balance).toBe(state.ledger);
    return state;
  }

  it("100 parallel streams over two replicas on a balance for ~20: exact, never below zero", async () => {
    const { tenantId, key } = await h.tenant({ credit: "0.001700" });
    const clients = [h.client(key), new OpenAI({ apiKey: key, baseURL: secondUrl, maxRetries: 0 })];
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        try {
          const stream = await (clients[i % 2] as OpenAI).chat.completions.create({
            model: "gpt-4o-mini",
            messages: [{ role: "user", content: "count to three" }],
            max_tokens: 100,
            stream: true,
          });
          for await (const _chunk of stream) {
            // drain
          }
          return "ok";
        } catch (error) {
          return (error as { code?: string }).code ?? "error";
        }
      }),
    );
    const ok = outcomes.filter((o) => o === "ok").length;
    expect(outcomes.filter((o) => o !== "ok" && o !== "insufficient_quota")).toEqual([]);
    expect(ok).toBeGreaterThanOrEqual(15);
    expect(100 - ok).toBeGreaterThan(30);
    const state = await settled(tenantId);
    expect(state.balance).toBeGreaterThanOrEqual(0n);
    const records = await h.db.usageRecord.aggregate({
      where: { tenantId, status: 200 },
      _count: true,
      _sum: { price: true },
    });
    expect(records._count).toBe(ok);
    expect(1_700n - (records._sum.price ?? 0n)).toBe(state.balance);
    // Every refusal is on record too, for nothing.
    const refusals = await h.db.usageRecord.aggregate({
      where: { tenantId, status: { not: 200 } },
      _count: true,
      _sum: { price: true },
    });
    expect(refusals._count).toBe(100 - ok);
    expect(refusals._sum.price ?? 0n).toBe(0n);
    // Redis agrees with Postgres about what is left to spend.
    const redis = h.proxy.gateway.redis;
    // What it still holds is the replicas' leases of the balance, nothing of any call.
    const mirror = (await redis?.hgetall(`relay:hold:tenant:{${tenantId}}`)) ?? {};
    const holdFields = Object.keys(mirror).filter((f) => f.startsWith("r:"));
    expect(holdFields.every((f) => f.startsWith("r:lease:"))).toBe(true);
    const leased = holdFields.reduce((sum, f) => sum + BigInt(mirror[f] ?? "0"), 0n);
    expect([mirror.balance, mirror.held]).toEqual([state.balance.toString(), leased.toString()]);
  }, 120_000);

  it("a credit made elsewhere is spendable on every replica within a second", async () => {
    const { tenantId, key } = await h.tenant({ credit: "0.000010" });
    const call = () =>
      h.client(key).chat.completions.create({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: "hi" }],
      });
    await expect(call()).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    await creditTenant({
      ctx: { db: h.db, actor: { label: "test" } },
      input: { tenant: tenantId, amount: parseUsd("1"), reason: "top-up elsewhere" },
    });
    const started = Date.now();
    let admitted = false;
    while (!admitted && Date.now() - started < 1_000) {
      admitted = await call().then(
        () => true,
        () => false,
      );
    }
    expect(admitted).toBe(true);
    await settled(tenantId);
  });
});
