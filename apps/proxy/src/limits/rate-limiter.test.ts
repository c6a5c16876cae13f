// One behavioural suite, run against every implementation: in-process always, Redis when
// REDIS_URL is set (CI sets it). Time is injected through `now`, so nothing sleeps.
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryRateLimiter } from "./memory-rate-limiter.ts";
import type { RateLimitCheck, RateLimiter } from "./rate-limiter.ts";
import { createRedisRateLimiter } from "./redis-rate-limiter.ts";

const redisUrl = process.env.REDIS_URL;
// Unique per run, so parallel runs against one server never share a key.
const prefix = `relay:test:${randomUUID()}:`;

const implementations: { name: string; create: () => RateLimiter }[] = [
  { name: "memory", create: () => createMemoryRateLimiter() },
];
if (redisUrl)
  implementations.push({
    name: "redis",
    create: () => createRedisRateLimiter({ redis: redisUrl, prefix }),
  });

afterAll(async () => {
  if (!redisUrl) return;
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

const T0 = 1_700_000_000_000;

describe.each(implementations)("$name rate limiter", ({ create }) => {
  let limiter: RateLimiter;
  beforeAll(() => {
    limiter = create();
  });
  afterAll(() => limiter.close());

  /** Sequential checks for one fresh key; returns the decisions. */
  async function burst(count: number, input: Omit<RateLimitCheck, "keyId">, keyId = randomUUID()) {
    const decisions = [];
    for (let i = 0; i < count; i++) decisions.push(await limiter.check({ keyId, ...input }));
    return decisions;
  }

  it("admits exactly rpm of a burst, and says when to come back", async () => {
    const decisions = await burst(8, { rpm: 5, tpm: null, tokens: 10, now: T0 });
    expect(decisions.map((d) => d.allowed)).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(decisions.map((d) => d.remainingRequests)).toEqual([4, 3, 2, 1, 0, 0, 0, 0]);
    expect(decisions[4]).toMatchObject({ limitRequests: 5, resetRequestsMs: 60_000 });
    // One request's worth drains every 60 s / 5 = 12 s.
    expect(decisions[5]).toMatchObject({ reason: "requests", retryAfterMs: 12_000 });
    expect(decisions[5]?.limitTokens).toBeUndefined();
  });

  it("frees the whole allowance once the minute has passed, one slot per 60/rpm s before", async () => {
    const keyId = randomUUID();
    await burst(5, { rpm: 5, tpm: null, tokens: 0, now: T0 }, keyId);
    const early = await burst(2, { rpm: 5, tpm: null, tokens: 0, now: T0 + 11_999 }, keyId);
    expect(early.map((d) => d.allowed)).toEqual([false, false]);
    const slot = await burst(2, { rpm: 5, tpm: null, tokens: 0, now: T0 + 12_000 }, keyId);
    expect(slot.map((d) => d.allowed)).toEqual([true, false]);

    const later = randomUUID();
    await burst(5, { rpm: 5, tpm: null, tokens: 0, now: T0 }, later);
    const after = await burst(6, { rpm: 5, tpm: null, tokens: 0, now: T0 + 60_000 }, later);
    expect(after.map((d) => d.allowed)).toEqual([true, true, true, true, true, false]);
  });

  it("limits tokens per minute by the admission estimate, counting nothing it refuses", async () => {
    const keyId = randomUUID();
    const input = { keyId, rpm: 10, tpm: 1_000, now: T0 };
    expect(await limiter.check({ ...input, tokens: 400 })).toMatchObject({
      allowed: true,
      remainingTokens: 600,
      remainingRequests: 9,
      resetTokensMs: 24_000,
    });
    await limiter.check({ ...input, tokens: 400 });
    // 200 left: 300 waits until 100 more have drained, 1000/min -> 6 s.
    expect(await limiter.check({ ...input, tokens: 300 })).toMatchObject({
      allowed: false,
      reason: "tokens",
      retryAfterMs: 6_000,
      remainingTokens: 200,
      remainingRequests: 8,
    });
    expect(await limiter.check({ ...input, tokens: 200 })).toMatchObject({
      allowed: true,
      remainingTokens: 0,
      remainingRequests: 7,
    });
  });

  it("corrects the estimate with actual usage", async () => {
    const refunded = randomUUID();
    const input = { rpm: null, tpm: 1_000, now: T0 };
    await limiter.check({ keyId: refunded, ...input, tokens: 900 });
    expect((await limiter.check({ keyId: refunded, ...input, tokens: 800 })).allowed).toBe(false);
    // The reply used 100 of the 900 held.
    await limiter.adjust({ keyId: refunded, tpm: 1_000, tokens: -800, now: T0 });
    expect(await limiter.check({ keyId: refunded, ...input, tokens: 800 })).toMatchObject({
      allowed: true,
      remainingTokens: 100,
    });

    const overran = randomUUID();
    await limiter.check({ keyId: overran, ...input, tokens: 100 });
    await limiter.adjust({ keyId: overran, tpm: 1_000, tokens: 1_400, now: T0 });
    // 1,500 used of 1,000: in debt until 500 + 1 have drained (30.06 s).
    expect(await limiter.check({ keyId: overran, ...input, tokens: 1 })).toMatchObject({
      allowed: false,
      reason: "tokens",
      remainingTokens: 0,
      retryAfterMs: 30_060,
    });
    expect(
      (await limiter.check({ keyId: overran, ...input, tokens: 1, now: T0 + 30_060 })).allowed,
    ).toBe(true);
  });

  it("refuses a request larger than the whole TPM limit without a retry time", async () => {
    const decision = await limiter.check({
      keyId: randomUUID(),
      rpm: 5,
      tpm: 100,
      tokens: 101,
      now: T0,
    });
    expect(decision).toMatchObject({ allowed: false, reason: "tokens", tooLarge: true });
    expect(decision.retryAfterMs).toBeUndefined();
  });

  it("reports the longer wait when both limits refuse", async () => {
    const keyId = randomUUID();
    await limiter.check({ keyId, rpm: 1, tpm: 100, tokens: 100, now: T0 });
    expect(
      await limiter.check({ keyId, rpm: 1, tpm: 100, tokens: 100, now: T0 + 1_000 }),
    ).toMatchObject({
      allowed: false,
      reason: "requests",
      retryAfterMs: 59_000,
    });
    expect(
      await limiter.check({ keyId, rpm: 60, tpm: 100, tokens: 100, now: T0 + 1_000 }),
    ).toMatchObject({
      allowed: false,
      reason: "tokens",
      retryAfterMs: 59_000,
    });
  });

  it("admits everything, reporting no limits, when the key has none", async () => {
    const decisions = await burst(20, { rpm: null, tpm: null, tokens: 1_000_000, now: T0 });
    expect(decisions.every((d) => d.allowed && d.limitRequests === undefined)).toBe(true);
  });

  it("keeps keys apart", async () => {
    const a = await burst(2, { rpm: 1, tpm: null, tokens: 0, now: T0 });
    const b = await burst(2, { rpm: 1, tpm: null, tokens: 0, now: T0 });
    expect([...a, ...b].map((d) => d.allowed)).toEqual([true, false, true, false]);
  });

  it("admits exactly rpm of 50 concurrent requests (on the limiter's own clock)", async () => {
    const keyId = randomUUID();
    const decisions = await Promise.all(
      Array.from({ length: 50 }, () => limiter.check({ keyId, rpm: 10, tpm: null, tokens: 1 })),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
  });

  it("rejects limits that are not positive integers", async () => {
    await expect(limiter.check({ keyId: "k", rpm: 0, tpm: null, tokens: 1 })).rejects.toThrow(
      RangeError,
    );
    await expect(limiter.check({ keyId: "k", rpm: null, tpm: 1.5, tokens: 1 })).rejects.toThrow(
      RangeError,
    );
  });
});
