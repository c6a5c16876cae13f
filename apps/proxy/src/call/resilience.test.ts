// Faults and limits: failover, cooldown and recovery, clients and upstreams that break off
// mid-stream, revoked keys, rate limits, and every kind of bad request. Whatever happens, the
// tenant pays exactly for what was delivered, nothing is left held, and balance == ledger.
import { revokeApiKey } from "@relay/services";
import { startUpstreamSim, type UpstreamSim } from "@relay/upstream-sim";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProber } from "../channels/probe.ts";
import { type Harness, modelOn, startHarness } from "../testing/harness.ts";

let h: Harness;
let primary: UpstreamSim;
let backup: UpstreamSim;
let slow: UpstreamSim;
let channels: string[];

beforeAll(async () => {
  // The proxy's own prober waits an hour: a test that wants probes starts them itself, so no
  // background probe can bring a channel back while another test still expects it cooling.
  h = await startHarness({
    proxy: {
      health: {
        threshold: 2,
        cooldownMs: 60_000,
        probeIntervalMs: 3_600_000,
        reportIntervalMs: 50,
      },
    },
  });
  primary = await startUpstreamSim();
  backup = await startUpstreamSim();
  slow = await startUpstreamSim({ tokensPerSecond: 40 });
  channels = await modelOn(h.db, "failover-model", [primary.url, backup.url]);
  await modelOn(h.db, "slow-model", [slow.url]);
  await h.proxy.gateway.catalog.refresh();
});

afterAll(async () => {
  await h.close();
  await Promise.all([primary.close(), backup.close(), slow.close()]);
});

/** Waits for something the proxy does in the background; fails the test after `timeoutMs`. */
async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** What reached a simulator after `mark` (its last request at some point; its log is bounded). */
function requestsSince(sim: UpstreamSim, mark: UpstreamSim["requests"][number] | undefined) {
  return sim.requests.slice(sim.requests.indexOf(mark as UpstreamSim["requests"][number]) + 1);
}

async function settledState(tenantId: string) {
  const state = await h.balance(tenantId);
  expect(state.held).toBe(0n);
  expect(state.balance).toBe(state.ledger);
  return state;
}

const chat = (model: string, extra: Record<string, unknown> = {}) => ({
  model,
  messages: [{ role: "user" as const, content: "hello there" }],
  max_tokens: 30,
  ...extra,
});

describe("routing", () => {
  it("fails over to the next channel on a 5xx before the first byte, and charges once", async () => {
    const { tenantId, key } = await h.tenant();
    primary.faults.set({ status: 500, times: 1 });
    const backupCalls = backup.requests.length;
    const answer = await h.client(key).chat.completions.create(chat("failover-model"));
    expect(answer.choices[0]?.message.content).toBeTruthy();
    expect(backup.requests.length).toBe(backupCalls + 1);
    await h.proxy.flush();
    const record = await h.db.usageRecord.findFirstOrThrow({ where: { tenantId } });
    expect(record.channelId).toBe(channels[1]);
    // $1 / $2 per 1M tokens for failover-model.
    const u = answer.usage ?? { prompt_tokens: 0, completion_tokens: 0 };
    expect(record.price).toBe(
      (BigInt(u.prompt_tokens) * 1_000_000n + BigInt(u.completion_tokens) * 2_000_000n + 999_999n) /
        1_000_000n,
    );
    await settledState(tenantId);
  });

  it("cools a failing channel down, skips it, and lets the probe bring it back", async () => {
    const { key } = await h.tenant();
    const primaryId = channels[0] ?? "";
    // Every request to the primary fails until the switch is cleared, probes included.
    primary.faults.set({ status: 503 });
    await h.client(key).chat.completions.create(chat("failover-model"));
    await h.client(key).chat.completions.create(chat("failover-model"));
    expect(h.proxy.gateway.health.isCooling(primaryId)).toBe(true);
    // Cooling, it is skipped: the backup answers without the primary being asked.
    let mark = primary.requests.at(-1);
    await h.client(key).chat.completions.create(chat("failover-model"));
    expect(requestsSince(primary, mark)).toEqual([]);

    // Operators see it: the replica reports its channel health to the channels table.
    await until(async () => {
      const row = await h.db.channel.findUniqueOrThrow({ where: { id: primaryId } });
      return row.failureCount >= 2;
    });

    const { catalog, health, pools } = h.proxy.gateway;
    const stopProbing = startProber(catalog, health, pools, 20);
    try {
      // A probe that fails leaves it cooling.
      mark = primary.requests.at(-1);
      await until(() => requestsSince(primary, mark).length > 0);
      expect(requestsSince(primary, mark)[0]?.path).toBe("/v1/models");
      expect(health.isCooling(primaryId)).toBe(true);
      // Once it answers again, the next probe restores it.
      primary.faults.clear();
      await until(() => !health.isCooling(primaryId));
    } finally {
      stopProbing();
    }
    mark = primary.requests.at(-1);
    await h.client(key).chat.completions.create(chat("failover-model"));
    expect(requestsSince(primary, mark).map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /v1/chat/completions",
    ]);
  });

  it("answers the last upstream error when every channel fails, and charges nothing", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    primary.faults.set({ status: 500, times: 1 });
    backup.faults.set({ status: 500, times: 1 });
    await expect(
      h.client(key).chat.completions.create(chat("failover-model")),
    ).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    const after = await settledState(tenantId);
    expect(after.balance).toBe(before.balance);
    h.proxy.gateway.health.recovered(channels[0] ?? "");
    h.proxy.gateway.health.recovered(channels[1] ?? "");
  });
});

describe("streams cut short", () => {
  it("a client that disconnects pays for the text it was sent, no more", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    const controller = new AbortController();
    const stream = await h
      .client(key)
      .chat.completions.create(
        { ...chat("slow-model"), max_tokens: 400, stream: true },
        { signal: controller.signal },
      );
    let received = 0;
    // The SDK ends the iteration quietly when its request is aborted.
    for await (const _chunk of stream) {
      received += 1;
      if (received === 4) controller.abort();
    }
    expect(received).toBe(4);
    // Give the proxy a moment to notice the disconnect and settle.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = await settledState(tenantId);
    const record = await h.db.usageRecord.findFirstOrThrow({ where: { tenantId } });
    expect(record.errorCode).toBe("stream_interrupted");
    expect(record.completionTokens).toBeGreaterThan(0);
    expect(record.completionTokens).toBeLessThan(400);
    expect(before.balance - after.balance).toBe(record.price);
    expect(record.price).toBe(
      (BigInt(record.promptTokens) * 1_000_000n +
        BigInt(record.completionTokens) * 2_000_000n +
        999_999n) /
        1_000_000n,
    );
  });

  it("an upstream that resets mid-stream: the client sees an error, pays for what arrived", async () => {
    const { tenantId, key } = await h.tenant();
    primary.faults.set({ resetMidStream: true, afterChunks: 3, times: 1 });
    const stream = await h
      .client(key)
      .chat.completions.create({ ...chat("failover-model"), stream: true });
    await expect(
      (async () => {
        for await (const _chunk of stream) {
          // read until it breaks
        }
      })(),
    ).rejects.toThrow();
    await settledState(tenantId);
    const record = await h.db.usageRecord.findFirstOrThrow({ where: { tenantId } });
    expect(record.errorCode).toBe("stream_interrupted");
  });
});

describe("keys and limits", () => {
  it("a revoked key stops working within a second", async () => {
    const { key, keyId } = await h.tenant();
    await h.client(key).models.list();
    await revokeApiKey({ ctx: { db: h.db, actor: { label: "test" } }, input: { key: keyId } });
    const revokedAt = Date.now();
    let refusedAfter = Number.POSITIVE_INFINITY;
    while (Date.now() - revokedAt < 2_000) {
      try {
        await h.client(key).chat.completions.create(chat("gpt-4o-mini"));
      } catch (error) {
        expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
        refusedAfter = Date.now() - revokedAt;
        break;
      }
    }
    expect(refusedAfter).toBeLessThan(1_000);
  });

  it("an expired key gets 401, a suspended tenant 403", async () => {
    const expired = await h.tenant();
    await h.db.apiKey.update({
      where: { id: expired.keyId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const suspended = await h.tenant();
    await h.db.tenant.update({ where: { id: suspended.tenantId }, data: { status: "SUSPENDED" } });
    await new Promise((resolve) => setTimeout(resolve, 250));
    await expect(
      h.client(expired.key).chat.completions.create(chat("gpt-4o-mini")),
    ).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    await expect(
      h.client(suspended.key).chat.completions.create(chat("gpt-4o-mini")),
    ).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
  });

  it("accepts the key in the JSON body for legacy clients and never forwards it", async () => {
    const { tenantId, key } = await h.tenant();
    const response = await fetch(`${h.baseURL}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...chat("gpt-4o-mini"), api_secret_key: key }),
    });
    expect(response.status).toBe(200);
    expect(h.sim.requests.at(-1)?.rawBody).not.toContain(key);
    await settledState(tenantId);
    expect(await h.db.usageRecord.count({ where: { tenantId } })).toBe(1);
  });

  it("RPM: the third request in a minute gets 429 with OpenAI's rate-limit headers", async () => {
    const { tenantId, key } = await h.tenant({ rpm: 2 });
    await h.client(key).chat.completions.create(chat("gpt-4o-mini"));
    await h.client(key).chat.completions.create(chat("gpt-4o-mini"));
    const response = await fetch(`${h.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(chat("gpt-4o-mini")),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get("x-ratelimit-limit-requests")).toBe("2");
    expect(response.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe(
      "rate_limit_error",
    );
    await settledState(tenantId);
    expect(await h.db.usageRecord.count({ where: { tenantId, status: 200 } })).toBe(2);
    // The refusal is in the developer's log, free.
    expect(await h.db.usageRecord.count({ where: { tenantId, status: 429, price: 0n } })).toBe(1);
  });

  it("TPM: a request whose tokens exceed the limit gets 429 and costs nothing", async () => {
    const { tenantId, key } = await h.tenant({ tpm: 100 });
    const before = await h.balance(tenantId);
    await expect(
      h.client(key).chat.completions.create({ ...chat("gpt-4o-mini"), max_tokens: 500 }),
    ).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    expect((await settledState(tenantId)).balance).toBe(before.balance);
  });

  it("insufficient balance: 429 insufficient_quota, nothing forwarded", async () => {
    const { tenantId, key } = await h.tenant({ credit: "0.000010" });
    const forwarded = h.sim.requests.length;
    const error = await h
      .client(key)
      .chat.completions.create(chat("gpt-4o-mini"))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as { code?: string }).code).toBe("insufficient_quota");
    expect(h.sim.requests.length).toBe(forwarded);
    expect((await settledState(tenantId)).balance).toBe(10n);
  });

  it("a key's budget: calls stop with insufficient_quota before the key spends past it", async () => {
    const { tenantId, key, keyId } = await h.tenant({ credit: "5", budget: "0.000200" });
    let refusal: unknown;
    for (let i = 0; i < 50 && !refusal; i++) {
      await h
        .client(key)
        .chat.completions.create(chat("gpt-4o-mini"))
        .catch((error: unknown) => {
          refusal = error;
        });
    }
    expect(refusal).toBeInstanceOf(OpenAI.RateLimitError);
    expect((refusal as { code?: string }).code).toBe("insufficient_quota");
    expect((refusal as Error).message).toContain("budget");
    const state = await settledState(tenantId);
    const spent = (await h.db.apiKey.findUniqueOrThrow({ where: { id: keyId } })).spent;
    expect(spent).toBeGreaterThan(100n);
    expect(spent).toBeLessThanOrEqual(200n);
    expect(5_000_000n - state.balance).toBe(spent);
  });

  it("model and IP allow-lists refuse with 403", async () => {
    const limited = await h.tenant({ models: ["gpt-4o-mini"] });
    await expect(
      h.client(limited.key).chat.completions.create(chat("gpt-4o")),
    ).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
    const fenced = await h.tenant({ ips: ["10.1.2.0/24"] });
    await expect(
      h.client(fenced.key).chat.completions.create(chat("gpt-4o-mini")),
    ).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
    const local = await h.tenant({ ips: ["127.0.0.1", "::1"] });
    await h.client(local.key).chat.completions.create(chat("gpt-4o-mini"));
  });
});

describe("bad requests", () => {
  async function post(key: string, body: string, contentType = "application/json") {
    const response = await fetch(`${h.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": contentType },
      body,
    });
    return {
      status: response.status,
      body: (await response.json()) as { error: Record<string, unknown> },
    };
  }

  it.each([
    ["malformed JSON", "{not json", "application/json", 400, null],
    ["a wrong content type", "model=gpt-4o-mini", "application/x-www-form-urlencoded", 415, null],
    [
      // (A missing one gets the chat default: seed-examples.test.ts.)
      "a model that is not a name",
      JSON.stringify({ model: 42, messages: [{ role: "user", content: "hi" }] }),
      "application/json",
      400,
      "model",
    ],
    [
      "missing messages",
      JSON.stringify({ model: "gpt-4o-mini" }),
      "application/json",
      400,
      "messages",
    ],
    [
      "an unknown model",
      JSON.stringify({ model: "no-such-model", messages: [{ role: "user", content: "hi" }] }),
      "application/json",
      404,
      "model",
    ],
  ])("%s -> %s in OpenAI's shape, nothing charged", async (_what, body, type, status, param) => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    const answer = await post(key, body, type);
    expect(answer.status).toBe(status);
    expect(answer.body.error).toEqual({
      message: expect.any(String),
      type: "invalid_request_error",
      param,
      code: expect.toSatisfy((c: unknown) => c === null || typeof c === "string"),
    });
    expect((await settledState(tenantId)).balance).toBe(before.balance);
    expect(await h.db.usageRecord.count({ where: { tenantId, price: { not: 0n } } })).toBe(0);
  });

  it("a body over the size limit -> 413, nothing charged", async () => {
    const { tenantId, key } = await h.tenant();
    const huge = JSON.stringify({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "x".repeat(11 * 1024 * 1024) }],
    });
    const answer = await post(key, huge);
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe("request_too_large");
    expect(await h.db.usageRecord.count({ where: { tenantId, price: { not: 0n } } })).toBe(0);
  });
});
