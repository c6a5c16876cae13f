import { describe, expect, it } from "vitest";
import { createMemoryRateLimiter } from "./memory-rate-limiter.ts";

describe("memory rate limiter", () => {
  it("forgets idle keys first when full, so a busy key keeps its count", async () => {
    const limiter = createMemoryRateLimiter({ maxKeys: 10 });
    const busy = { keyId: "busy", rpm: 1, tpm: null, tokens: 0 };
    expect((await limiter.check({ ...busy, now: 0 })).allowed).toBe(true);
    // 20 other keys, one per millisecond, each idle again 1 ms after its request.
    for (let i = 1; i <= 20; i++)
      await limiter.check({ keyId: `k${i}`, rpm: 60_000, tpm: null, tokens: 0, now: i });
    expect((await limiter.check({ ...busy, now: 30_000 })).allowed).toBe(false);
  });

  it("uses its clock when no time is given", async () => {
    let now = 0;
    const limiter = createMemoryRateLimiter({ clock: () => now });
    const input = { keyId: "k", rpm: 2, tpm: null, tokens: 0 };
    await limiter.check(input);
    await limiter.check(input);
    expect((await limiter.check(input)).allowed).toBe(false);
    now = 30_000;
    expect((await limiter.check(input)).allowed).toBe(true);
  });
});
