// A graceful stop loses no usage; holds of a process that died are released within seconds, by
// its restart at once or by any live replica once its heartbeat stops, charging nothing.
import { createHoldOwner, createPgHoldStore, type HoldOwner } from "@relay/billing/hot-path";
import { startUpstreamSim } from "@relay/upstream-sim";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProxy } from "../server.ts";
import { encryptionKey, type Harness, modelOn, startHarness } from "../testing/harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ proxy: { settlementDelayMs: 50 } });
});
afterAll(async () => {
  await h.pool.end().catch(() => {});
});

/** A process that holds money and then dies without a word (kill -9). */
async function crashedProcess(name: string, tenantId: string, apiKeyId: string, requestId: string) {
  const owner: HoldOwner = createHoldOwner(h.pool, {
    timings: { beatMs: 60_000 },
    onFenced: () => {},
  });
  await owner.start(name);
  const holds = createPgHoldStore(h.pool, { instanceId: () => owner.id });
  const held = await holds.reserve({
    requestId,
    tenantId,
    apiKeyId,
    amount: 250_000n,
    ttlMs: 600_000,
    budgeted: false,
  });
  expect(held).toEqual({ ok: true });
  expect((await h.db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).held).toBe(250_000n);
  // Dies: its timer stops, its row stays with its last heartbeat.
  return owner;
}

async function expectReleased(tenantId: string, requestId: string) {
  const tenant = await h.db.tenant.findUniqueOrThrow({ where: { id: tenantId } });
  expect(tenant.held).toBe(0n);
  expect(tenant.balance).toBe(1_000_000n);
  expect(await h.db.hold.findUniqueOrThrow({ where: { requestId } })).toMatchObject({
    state: "RELEASED",
  });
  expect(await h.db.usageRecord.count({ where: { tenantId } })).toBe(0);
}

describe("lifecycle", () => {
  it("a live call's hold is never released, however long the call runs", async () => {
    const { tenantId, keyId } = await h.tenant({ credit: "1" });
    const holds = createPgHoldStore(h.pool, { instanceId: () => h.proxy.gateway.owner.id });
    // Past its deadline as far as the clock goes, but its process (this one) is alive.
    await holds.reserve({
      requestId: `req_live_${tenantId}`,
      tenantId,
      apiKeyId: keyId,
      amount: 300_000n,
      ttlMs: -60_000,
      budgeted: false,
    });
    expect(await h.proxy.gateway.owner.sweep()).toEqual([]);
    expect((await h.db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).held).toBe(300_000n);
  });

  it("a call past its deadline is ended and charged for what it delivered, its hold kept till then", async () => {
    // 20 tokens a second: this answer would stream for ten seconds; the deadline is 1.5 s.
    const slow = await startUpstreamSim({ tokensPerSecond: 20 });
    await modelOn(h.db, "deadline-model", [slow.url]);
    const proxy = createProxy({
      db: h.db,
      pool: h.pool,
      encryptionKey,
      catalogRefreshMs: 0,
      settlementDelayMs: 1,
      config: { holdTtlMs: 1_500 },
    });
    const { url } = await proxy.listen(0, "127.0.0.1");
    const { tenantId, key } = await h.tenant({ credit: "1" });
    const client = new OpenAI({ apiKey: key, baseURL: url, maxRetries: 0 });
    const started = Date.now();
    let received = "";
    let heldMidway = 0n;
    await expect(
      (async () => {
        const stream = await client.chat.completions.create({
          model: "deadline-model",
          messages: [{ role: "user", content: "a long story, please" }],
          max_tokens: 200,
          stream: true,
        });
        for await (const chunk of stream) {
          received += chunk.choices[0]?.delta.content ?? "";
          if (heldMidway === 0n && Date.now() - started > 800) {
            // Sweeping now releases nothing: the call's process is alive.
            await proxy.gateway.owner.sweep();
            heldMidway = (await h.db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).held;
          }
        }
      })(),
    ).rejects.toThrow();
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1_400);
    expect(elapsed).toBeLessThan(5_000);
    expect(heldMidway).toBeGreaterThan(0n);
    expect(received.length).toBeGreaterThan(0);
    await proxy.close();
    await slow.close();
    const record = await h.db.usageRecord.findFirstOrThrow({ where: { tenantId } });
    // Charged for the part that was streamed, not for the 200 tokens it asked for.
    expect(record.completionTokens).toBeGreaterThan(0);
    expect(record.completionTokens).toBeLessThan(200);
    const after = await h.balance(tenantId);
    expect(after.held).toBe(0n);
    expect(after.balance).toBe(1_000_000n - record.price);
    expect(after.ledger).toBe(after.balance);
  });

  it("kill -9, then a restart with the same name: its holds are released at once", async () => {
    const { tenantId, keyId } = await h.tenant({ credit: "1" });
    const requestId = `req_restart_${tenantId}`;
    await crashedProcess(`replica-${tenantId}`, tenantId, keyId, requestId);
    const restarted = createHoldOwner(h.pool, { onFenced: () => {} });
    const released = await restarted.start(`replica-${tenantId}`);
    expect(released.map((r) => r.requestId)).toEqual([requestId]);
    await expectReleased(tenantId, requestId);
    await restarted.stop();
  });

  it("kill -9 with no restart: another replica releases its holds once its beat stops", async () => {
    const { tenantId, keyId } = await h.tenant({ credit: "1" });
    const requestId = `req_orphan_${tenantId}`;
    const dead = await crashedProcess(`gone-${tenantId}`, tenantId, keyId, requestId);
    const survivor = createHoldOwner(h.pool, { timings: { beatMs: 60_000 }, onFenced: () => {} });
    await survivor.start(`survivor-${tenantId}`);
    // Still beating (just now): nothing of it is released.
    expect((await survivor.sweep()).map((r) => r.requestId)).not.toContain(requestId);
    // Its last beat is now older than the 15 s after which a process counts as dead.
    await h.pool.query(
      "UPDATE proxy_instances SET heartbeat_at = now() - interval '16 seconds' WHERE id = $1",
      [dead.id],
    );
    const released = await survivor.sweep();
    expect(released.map((r) => r.requestId)).toContain(requestId);
    await expectReleased(tenantId, requestId);
    expect(await h.db.proxyInstance.count({ where: { id: dead.id } })).toBe(0);
    await survivor.stop();
  });

  it("a graceful stop finishes calls in flight and writes every one of them", async () => {
    const { tenantId, key } = await h.tenant({ credit: "5" });
    const calls = Array.from({ length: 20 }, () =>
      h.client(key).chat.completions.create({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: "bye" }],
      }),
    );
    // Stop while calls are in flight or just answered, before their settlement batch (50 ms)
    // is due: the stop must still write every one.
    const sent = h.sim.requests.length;
    const deadline = Date.now() + 5_000;
    while (h.sim.requests.length < Math.min(sent + 10, 100) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const closing = h.close();
    const answers = await Promise.allSettled(calls);
    await closing;
    const served = answers.filter((a) => a.status === "fulfilled").length;
    expect(served).toBeGreaterThan(0);
    const records = await h.db.usageRecord.aggregate({
      where: { tenantId },
      _count: true,
      _sum: { price: true },
    });
    expect(records._count).toBe(served);
    const tenant = await h.db.tenant.findUniqueOrThrow({ where: { id: tenantId } });
    expect(tenant.held).toBe(0n);
    expect(tenant.balance).toBe(5_000_000n - (records._sum.price ?? 0n));
  });
});
