// Redis-only behaviour; the shared contract is in rate-limiter.test.ts.
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RateLimiterUnavailableError } from "./rate-limiter.ts";
import { createRedisRateLimiter } from "./redis-rate-limiter.ts";

const redisUrl = process.env.REDIS_URL;
const prefix = `relay:test:${randomUUID()}:`;

describe.runIf(redisUrl)("redis rate limiter", () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(redisUrl ?? "");
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it("keeps a key only until its buckets have drained", async () => {
    const limiter = createRedisRateLimiter({ redis, prefix });
    await limiter.check({ keyId: "ttl", rpm: 60, tpm: 1_000, tokens: 500 });
    // Requests drain in 1 s, tokens in 30 s; plus 1 s of slack.
    const ttl = await redis.pttl(`${prefix}ttl`);
    expect(ttl).toBeGreaterThan(29_000);
    expect(ttl).toBeLessThanOrEqual(31_000);
    // A refund must not expire the request bucket early.
    await limiter.adjust({ keyId: "ttl", tpm: 1_000, tokens: -500 });
    expect(await redis.pttl(`${prefix}ttl`)).toBeGreaterThan(29_000);
    await limiter.close();
    expect(redis.status).toBe("ready"); // a client it was given stays open
  });

  it("loads the script again after the server forgets it", async () => {
    const limiter = createRedisRateLimiter({ redis, prefix });
    await limiter.check({ keyId: "flush", rpm: 2, tpm: null, tokens: 0 });
    await redis.script("FLUSH");
    expect((await limiter.check({ keyId: "flush", rpm: 2, tpm: null, tokens: 0 })).allowed).toBe(
      true,
    );
    expect((await limiter.check({ keyId: "flush", rpm: 2, tpm: null, tokens: 0 })).allowed).toBe(
      false,
    );
  });

  it("fails with a typed error when Redis cannot be reached", async () => {
    const limiter = createRedisRateLimiter({
      redis: "redis://127.0.0.1:1",
      prefix,
      commandTimeoutMs: 200,
      onError: () => {},
    });
    await expect(
      limiter.check({ keyId: "x", rpm: 1, tpm: null, tokens: 0 }),
    ).rejects.toBeInstanceOf(RateLimiterUnavailableError);
    await limiter.close();
  });
});
