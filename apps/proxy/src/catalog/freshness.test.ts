// An operator's change applies to every call admitted after it was committed: a price set and a
// call a moment later is charged the new price, on whichever engine the tests run (embedded
// PGlite by default, Postgres when DATABASE_URL names one). A listening proxy reads no version
// per call; any other compares the committed version, one shared read however many calls wait.
import { parseUsd } from "@relay/billing";
import { getDb } from "@relay/db";
import { setPrice, updateModel } from "@relay/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenForChanges } from "../auth/revocations.ts";
import { defaultLogger } from "../observability/logger.ts";
import { changeHandlers } from "../server.ts";
import { encryptionKey, type Harness, miniPrice, startHarness } from "../testing/harness.ts";
import { createCatalog } from "./catalog.ts";
import { createVersionWatch } from "./version-watch.ts";

const operator = { actor: { label: "test" } };
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function setMiniSale(input: string, output: string) {
  await setPrice({
    ctx: { db: h.db, ...operator },
    input: {
      model: "gpt-4o-mini",
      scope: "SALE",
      input: parseUsd(input),
      output: parseUsd(output),
      cachedInput: parseUsd("0.10"),
    },
  });
}

async function chargedFor(key: string, tenantId: string) {
  const before = await h.balance(tenantId);
  const answer = await h.client(key).chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "what does it cost now?" }],
    max_tokens: 20,
  });
  const usage = answer.usage ?? { prompt_tokens: -1, completion_tokens: -1 };
  return { usage, charged: before.balance - (await h.balance(tenantId)).balance };
}

describe(`catalog changes on ${process.env.RELAY_TEST_DB_ENGINE ?? "the test database"}`, () => {
  it("a price set and a call at once: charged the new price, then the old one again", async () => {
    const { tenantId, key } = await h.tenant();
    // Loaded at the seeded price first, so the proxy has a catalog to be stale about.
    const first = await chargedFor(key, tenantId);
    expect(first.charged).toBe(miniPrice(first.usage));
    try {
      await setMiniSale("20", "80");
      const repriced = await chargedFor(key, tenantId);
      // 100 times the seeded price, rounded up once.
      const exact =
        BigInt(repriced.usage.prompt_tokens) * 20_000_000n +
        BigInt(repriced.usage.completion_tokens) * 80_000_000n;
      expect(repriced.charged).toBe((exact + 999_999n) / 1_000_000n);
    } finally {
      await setMiniSale("0.20", "0.80");
    }
    const back = await chargedFor(key, tenantId);
    expect(back.charged).toBe(miniPrice(back.usage));
  });

  it("a model disabled is refused by the next call, and served again once enabled", async () => {
    const { key } = await h.tenant();
    const ask = () =>
      h
        .client(key)
        .chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] });
    await ask();
    await updateModel({
      ctx: { db: h.db, ...operator },
      input: { model: "gpt-4o", enabled: false },
    });
    try {
      await expect(ask()).rejects.toMatchObject({ status: 404, code: "model_not_found" });
    } finally {
      await updateModel({
        ctx: { db: h.db, ...operator },
        input: { model: "gpt-4o", enabled: true },
      });
    }
    expect((await ask()).model).toBe("gpt-4o");
  });

  it("with the change listener running, a price set and a call at once is still charged the new price", async () => {
    let probed: (live: boolean) => void = () => undefined;
    const firstProbe = new Promise<boolean>((resolve) => {
      probed = resolve;
    });
    const stop = await listenForChanges(
      process.env.DATABASE_URL ?? "",
      changeHandlers(h.proxy.gateway),
      defaultLogger(),
      (live) => {
        h.proxy.gateway.catalog.follow(live);
        probed(live);
      },
    );
    try {
      // Notifications cross connections on both engines (the embedded one routes them to the
      // connections that LISTEN), so calls stop comparing the version.
      expect(await firstProbe).toBe(true);
      const { tenantId, key } = await h.tenant();
      await chargedFor(key, tenantId);
      await setMiniSale("2", "8");
      const repriced = await chargedFor(key, tenantId);
      const exact =
        BigInt(repriced.usage.prompt_tokens) * 2_000_000n +
        BigInt(repriced.usage.completion_tokens) * 8_000_000n;
      expect(repriced.charged).toBe((exact + 999_999n) / 1_000_000n);
    } finally {
      await setMiniSale("0.20", "0.80");
      await stop();
      h.proxy.gateway.catalog.follow(false);
    }
  });
});

describe("how a call learns of a change", () => {
  /** A catalog over the test database whose version reads are counted (no refresh by default). */
  function countedCatalog(
    refresh: { refreshMs: number; fullReloadEvery?: number } = { refreshMs: 0 },
  ) {
    const reads = { count: 0 };
    const pool = {
      query: async (text: string) => {
        reads.count += 1;
        return h.pool.query(text);
      },
    } as unknown as Parameters<typeof createCatalog>[1]["pool"];
    const catalog = createCatalog(getDb(), {
      encryptionKey,
      pool,
      ...refresh,
      log: defaultLogger(),
    });
    return { catalog, reads };
  }

  it("without notifications every call compares the version; many waiting calls share reads", async () => {
    const { catalog, reads } = countedCatalog();
    await catalog.current();
    reads.count = 0;
    await Promise.all(Array.from({ length: 50 }, () => catalog.current()));
    // One read in flight, one more for the calls that arrived during it.
    expect(reads.count).toBeLessThanOrEqual(2);
    reads.count = 0;
    await catalog.current();
    expect(reads.count).toBe(1);
  });

  it("while notifications arrive no call reads; a notification makes the next call reload", async () => {
    const { catalog, reads } = countedCatalog();
    catalog.follow(true);
    await catalog.current();
    reads.count = 0;
    await catalog.current();
    await catalog.current();
    expect(reads.count).toBe(0);

    await setPrice({
      ctx: { db: h.db, ...operator },
      input: { model: "freshness-probe", scope: "SALE", input: 1n, output: 1n },
    });
    // The reload's own version read, and nothing more.
    catalog.changed();
    await catalog.current();
    expect(reads.count).toBe(1);
    catalog.follow(false);
    await catalog.current();
    expect(reads.count).toBe(2);
  });

  it("the periodic check reads the version and loads only when it moved, or now and then", async () => {
    const { catalog, reads } = countedCatalog({ refreshMs: 30, fullReloadEvery: 20 });
    try {
      await catalog.current();
      const loadedAt = catalog.status()?.loadedAt ?? 0;
      reads.count = 0;
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Checked (its version read) on every tick, loaded on none of them.
      expect(reads.count).toBeGreaterThanOrEqual(3);
      expect(catalog.status()?.loadedAt).toBe(loadedAt);
      expect(catalog.status()?.checkedAt).toBeGreaterThan(loadedAt);

      await setPrice({
        ctx: { db: h.db, ...operator },
        input: { model: "freshness-probe", scope: "SALE", input: 2n, output: 2n },
      });
      await expect
        .poll(() => catalog.status()?.loadedAt, { timeout: 2_000 })
        .toBeGreaterThan(loadedAt);

      // With nothing changed, a whole load all the same within twenty ticks.
      const reloadedAt = catalog.status()?.loadedAt ?? 0;
      await expect
        .poll(() => catalog.status()?.loadedAt, { timeout: 3_000 })
        .toBeGreaterThan(reloadedAt);
    } finally {
      catalog.close();
    }
  });

  it("reads are serialized: a call never takes a read begun before it arrived", async () => {
    let resolveFirst: (value: unknown) => void = () => undefined;
    const started: number[] = [];
    const pool = {
      query: () => {
        started.push(started.length);
        if (started.length === 1) {
          return new Promise((resolve) => {
            resolveFirst = resolve;
          });
        }
        return Promise.resolve({ rows: [{ version: "7" }] });
      },
    } as unknown as Parameters<typeof createVersionWatch>[0];
    const watch = createVersionWatch(pool);
    const early = watch.read();
    const late = watch.read();
    expect(started).toHaveLength(1);
    resolveFirst({ rows: [{ version: "6" }] });
    expect(await early).toBe("6");
    expect(await late).toBe("7");
    expect(started).toHaveLength(2);
  });
});
