// What the proxy knows about an API key, cached in process so the hot path does not query the
// database per call. Entries live for ttlMs: a revoked or edited key stops working within that.
// A key in use is read again in the background from three quarters of its entry's life, so its
// calls never wait on the database (a lookup takes a round trip, once a second per key).
import type { KeyReader } from "./key-read.ts";

export interface KeyRecord {
  id: string;
  tenantId: string;
  /** The key's visible start, as the console shows it: safe to log. */
  prefix: string;
  status: "ACTIVE" | "DISABLED" | "REVOKED";
  expiresAt: Date | null;
  allowedModels: string[];
  allowedIps: string[];
  rpmLimit: number | null;
  tpmLimit: number | null;
  budget: bigint | null;
  tenantStatus: "ACTIVE" | "SUSPENDED";
  /** The tenant's price group multiplier, parts per million (1_000_000 = list price). */
  multiplierPpm: number;
  /** "code" and "msg" in JSON answers: the key's switch, else its tenant's; null: the platform's. */
  codeMsg: boolean | null;
}

export interface KeyCache {
  /** The key with this hash, or null if no such key exists. */
  get(keyHash: string): Promise<KeyRecord | null>;
  invalidate(keyHash: string): void;
}

export function createKeyCache(
  read: KeyReader,
  options: { ttlMs?: number; maxEntries?: number } = {},
): KeyCache {
  const ttlMs = options.ttlMs ?? 1_000;
  const maxEntries = options.maxEntries ?? 100_000;
  const entries = new Map<string, { record: KeyRecord | null; expires: number; refresh: number }>();
  // Concurrent misses for one key share one query.
  const loading = new Map<string, Promise<KeyRecord | null>>();
  // Bumped by each invalidation: a lookup that began before one does not refill the cache.
  const generations = new Map<string, number>();

  async function load(keyHash: string): Promise<KeyRecord | null> {
    const generation = generations.get(keyHash) ?? 0;
    const record = await read(keyHash);
    if ((generations.get(keyHash) ?? 0) !== generation) return record;
    if (entries.size >= maxEntries) {
      entries.clear();
      generations.clear();
    }
    const now = Date.now();
    entries.set(keyHash, { record, expires: now + ttlMs, refresh: now + (ttlMs * 3) / 4 });
    return record;
  }

  function lookup(keyHash: string): Promise<KeyRecord | null> {
    let pending = loading.get(keyHash);
    if (!pending) {
      pending = load(keyHash).finally(() => loading.delete(keyHash));
      loading.set(keyHash, pending);
    }
    return pending;
  }

  return {
    async get(keyHash) {
      const hit = entries.get(keyHash);
      const now = Date.now();
      if (hit && hit.expires > now) {
        if (hit.refresh <= now && !loading.has(keyHash)) {
          // A failed refresh leaves the entry to expire; the next call then asks itself.
          lookup(keyHash).catch(() => undefined);
        }
        return hit.record;
      }
      return lookup(keyHash);
    },
    invalidate(keyHash) {
      entries.delete(keyHash);
      generations.set(keyHash, (generations.get(keyHash) ?? 0) + 1);
    },
  };
}
