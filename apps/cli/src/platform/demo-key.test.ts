// What `pnpm start` does with the demo key: printed and kept in .relay/demo-key for a local
// start; neither (and no key at all) when NODE_ENV=production.
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getDb } from "@relay/db";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseEnv } from "../env.ts";
import { demoKeyLines, demoKeyPath, seedPlatform } from "./demo-key.ts";

const db = getDb();
const upstreamUrl = "http://127.0.0.1:4010/v1";
const proxy = "http://localhost:4000/v1";
const savedHome = process.env.RELAY_HOME;

beforeEach(() => {
  process.env.RELAY_HOME = mkdtempSync(join(tmpdir(), "relay-home-"));
});
afterEach(() => {
  if (savedHome === undefined) delete process.env.RELAY_HOME;
  else process.env.RELAY_HOME = savedHome;
});
afterAll(() => db.$disconnect());

async function demoKeys(): Promise<number> {
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: "demo" } });
  return db.apiKey.count({ where: { tenantId: tenant.id, status: "ACTIVE" } });
}

describe("the demo key", () => {
  it("in production is neither created, printed nor kept in a file", async () => {
    const production = parseEnv({
      ...process.env,
      NODE_ENV: "production",
      RELAY_ENCRYPTION_KEY: "ab".repeat(32),
    });
    // A key file left by an earlier local start goes too.
    writeFileSync(demoKeyPath(), "sk-relay-left-over", { mode: 0o600 });
    const first = await seedPlatform({
      ctx: { db },
      input: { upstreamUrl, keepKey: true },
      env: production,
    });
    const keysBefore = await demoKeys();
    const second = await seedPlatform({
      ctx: { db },
      input: { upstreamUrl, keepKey: true },
      env: production,
    });
    for (const seed of [first, second]) {
      expect(seed.demoKey).toBeUndefined();
      const banner = demoKeyLines(seed, proxy, production).join("\n");
      expect(banner).not.toContain("sk-relay-");
      expect(banner).toBe(
        'Demo tenant "demo": no demo key in production; create a key with\n  pnpm relay key create --tenant demo',
      );
    }
    expect(existsSync(demoKeyPath())).toBe(false);
    expect(await demoKeys()).toBe(keysBefore);
  });

  it("on a local start is printed on every start and kept, readable only by its owner", async () => {
    const local = parseEnv({ ...process.env, NODE_ENV: "development" });
    const first = await seedPlatform({
      ctx: { db },
      input: { upstreamUrl, keepKey: true },
      env: local,
    });
    const second = await seedPlatform({
      ctx: { db },
      input: { upstreamUrl, keepKey: true },
      env: local,
    });
    expect(first.demoKey).toMatch(/^sk-relay-/);
    expect(second.demoKey).toBe(first.demoKey);
    expect(readFileSync(demoKeyPath(), "utf8")).toBe(first.demoKey);
    expect(statSync(demoKeyPath()).mode & 0o777).toBe(0o600);
    expect(demoKeyLines(second, proxy, local)).toContain(`  ${first.demoKey}`);
  });
});
