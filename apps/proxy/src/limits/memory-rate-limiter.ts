// The in-process limiter: exact for one replica, and what runs without REDIS_URL.
import {
  type Bucket,
  checkLimit,
  checkTokens,
  drain,
  drainMs,
  toDecision,
  WINDOW_MS,
} from "./bucket.ts";
import type { RateLimiter } from "./rate-limiter.ts";

interface Entry {
  requests?: Bucket;
  tokens?: Bucket;
  /** When every bucket of the key is empty again: from then on the entry equals no entry. */
  idleAt: number;
}

export interface MemoryRateLimiterOptions {
  /** Keys tracked at most. Idle keys go first; past that the least recently used. */
  maxKeys?: number;
  clock?: () => number;
}

export function createMemoryRateLimiter(options: MemoryRateLimiterOptions = {}): RateLimiter {
  const maxKeys = options.maxKeys ?? 100_000;
  const clock = options.clock ?? Date.now;
  // Map order is insertion order; entries are re-inserted on write, so the first is the stalest.
  const entries = new Map<string, Entry>();

  function store(keyId: string, entry: Entry, now: number): void {
    entries.delete(keyId);
    entries.set(keyId, entry);
    if (entries.size <= maxKeys) return;
    for (const [id, e] of entries) if (e.idleAt <= now) entries.delete(id);
    // Still full of active keys: forgetting the stalest under-enforces their limits, which beats
    // unbounded memory. Trim to 90% so the sweep above runs at most once per maxKeys/10 writes.
    const target = Math.floor(maxKeys * 0.9);
    for (const id of entries.keys()) {
      if (entries.size <= target) break;
      entries.delete(id);
    }
  }

  /** When a bucket written now is empty again. */
  function emptyAt(bucket: Bucket | undefined, limit: number | null): number {
    return bucket && limit !== null ? bucket.at + drainMs(bucket.level, limit) : 0;
  }

  return {
    async check(input) {
      const rpm = checkLimit("rpm", input.rpm);
      const tpm = checkLimit("tpm", input.tpm);
      const tokens = checkTokens(input.tokens, false);
      if (rpm === null && tpm === null) return { allowed: true };
      const now = Math.floor(input.now ?? clock());
      const entry = entries.get(input.keyId);
      const requests = rpm === null ? undefined : drain(entry?.requests, rpm, now);
      const tokenBucket = tpm === null ? undefined : drain(entry?.tokens, tpm, now);
      const allowed =
        (rpm === null || (requests?.level ?? 0) + WINDOW_MS <= rpm * WINDOW_MS) &&
        (tpm === null || (tokenBucket?.level ?? 0) + tokens * WINDOW_MS <= tpm * WINDOW_MS);
      if (allowed) {
        if (requests) requests.level += WINDOW_MS;
        if (tokenBucket) tokenBucket.level += tokens * WINDOW_MS;
        const next: Entry = {
          requests: requests ?? entry?.requests,
          tokens: tokenBucket ?? entry?.tokens,
          idleAt: Math.max(entry?.idleAt ?? 0, emptyAt(requests, rpm), emptyAt(tokenBucket, tpm)),
        };
        store(input.keyId, next, now);
      }
      return toDecision({
        rpm,
        tpm,
        tokens,
        allowed,
        requestLevel: requests?.level ?? 0,
        tokenLevel: tokenBucket?.level ?? 0,
      });
    },

    async adjust(input) {
      const tpm = checkLimit("tpm", input.tpm);
      const delta = checkTokens(input.tokens, true);
      if (tpm === null || delta === 0) return;
      const now = Math.floor(input.now ?? clock());
      const entry = entries.get(input.keyId);
      const tokens = drain(entry?.tokens, tpm, now);
      tokens.level = Math.max(0, tokens.level + delta * WINDOW_MS);
      // A refund shortens nothing: the request bucket may still need the old idle time.
      const idleAt = Math.max(entry?.idleAt ?? 0, emptyAt(tokens, tpm));
      store(input.keyId, { requests: entry?.requests, tokens, idleAt }, now);
    },

    async close() {
      entries.clear();
    },
  };
}
