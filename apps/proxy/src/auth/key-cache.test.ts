// The key cache: a key in use is read again before its entry expires, in the background, so its
// calls never wait on the database; and a revocation's invalidation is never undone by a lookup
// that began before it.
import { randomUUID } from "node:crypto";
import { getDb } from "@relay/db";
import { hashApiKey } from "@relay/services/key-secret";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createKeyCache } from "./key-cache.ts";
import { type KeyReader, pgKeyReader } from "./key-read.ts";

const db = getDb();
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
const readKey = pgKeyReader(pool);
afterAll(async () => {
  await pool.end();
  await db.$disconnect();
});

/**
 * The real reader, counting the key lookups it is asked for; `hold` keeps a lookup's answer (read
 * already) from its caller until the returned function is called.
 */
function countingReader(hold?: { read: () => void; until: Promise<void> }): {
  read: KeyReader;
  lookups: () => number;
} {
  let lookups = 0;
  const read: KeyReader = async (keyHash) => {
    lookups += 1;
    const answer = await readKey(keyHash);
    if (hold && lookups === 1) {
      hold.read();
      await hold.until;
    }
    return answer;
  };
  return { read, lookups: () => lookups };
}

async function newKey(): Promise<{ id: string; hash: string }> {
  const slug = `kc-${randomUUID().slice(0, 8)}`;
  const tenant = await db.tenant.create({ data: { name: slug, slug } });
  const hash = hashApiKey(`sk-relay-${randomUUID()}`);
  const key = await db.apiKey.create({
    data: { tenantId: tenant.id, name: "k", keyHash: hash, prefix: "sk-relay-kc" },
  });
  return { id: key.id, hash };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("key cache", () => {
  it("reads a key in use again before its entry expires, without making the call wait", async () => {
    const { hash, id } = await newKey();
    const counting = countingReader();
    const cache = createKeyCache(counting.read, { ttlMs: 2_000 });
    expect((await cache.get(hash))?.status).toBe("ACTIVE");
    expect(counting.lookups()).toBe(1);
    // Revoked behind the cache's back (no notification): the entry is still trusted for now.
    await db.apiKey.update({ where: { id }, data: { status: "REVOKED" } });
    await sleep(1_600);
    // Past three quarters of its life: answered from the entry, and read again meanwhile.
    expect((await cache.get(hash))?.status).toBe("ACTIVE");
    expect(counting.lookups()).toBe(2);
    for (let i = 0; i < 100 && (await cache.get(hash))?.status !== "REVOKED"; i++) await sleep(5);
    expect((await cache.get(hash))?.status).toBe("REVOKED");
    expect(counting.lookups()).toBe(2);
  });

  it("an invalidation during a lookup is not undone by that lookup's answer", async () => {
    const { hash, id } = await newKey();
    let read = () => {};
    const readDone = new Promise<void>((resolve) => {
      read = resolve;
    });
    let release = () => {};
    const until = new Promise<void>((resolve) => {
      release = resolve;
    });
    const counting = countingReader({ read, until });
    const cache = createKeyCache(counting.read, { ttlMs: 60_000 });
    const first = cache.get(hash);
    await readDone;
    // The first lookup has read the key; it is revoked and its notice arrives before the answer.
    await db.apiKey.update({ where: { id }, data: { status: "REVOKED" } });
    cache.invalidate(hash);
    release();
    expect((await first)?.status).toBe("ACTIVE");
    expect((await cache.get(hash))?.status).toBe("REVOKED");
    expect(counting.lookups()).toBe(2);
  });
});
