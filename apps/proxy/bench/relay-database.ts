// The Relay proxy's database for a run: a fresh migrated one (a new database on the server named
// by DATABASE_URL, or the embedded database in its own process with its data in files, exactly as
// `pnpm start` runs it), seeded like the embedded default, plus a bench tenant whose credit never
// runs out during a run, and two models served by paced simulators (for stream timing and for
// many long-open streams).

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseUsd } from "@relay/billing";
import { createDb } from "@relay/db";
import { migrate } from "@relay/db/migrate";
import { bundledAppArgs } from "@relay/db/paths";
import { createTestDatabase, type TestDatabase } from "@relay/db/testing";
import {
  addChannel,
  addChannelInput,
  createApiKey,
  createTenant,
  seedDemo,
  setPrice,
  setPriceInput,
} from "@relay/services";
import { encryptionKeyOf, parseEnv } from "../src/env.ts";
import { startService } from "./processes.ts";
import type { Paths } from "./targets.ts";

export interface RelayDatabase {
  database: TestDatabase;
  /** The embedded database's own process (as `pnpm start` runs it), for its CPU. */
  pid?: number;
  tenantId: string;
  key: string;
}

const actor = { label: "bench" };

/** Upstreams by pace: as fast as possible, and paced simulators for the stream probes. */
export interface BenchUpstreams {
  fast: string;
  paced: string;
  slow: string;
}

/** Models that stream from the paced simulators, as gpt-4o-mini. */
export const PACED_MODEL = "bench-paced";
export const SLOW_MODEL = "bench-slow";

/**
 * The embedded database as `pnpm start` runs it: its own process (the CLI's database process),
 * keeping its data in files (a fresh folder), migrated.
 */
async function startEmbeddedDatabase(
  paths: Paths,
): Promise<{ database: TestDatabase; pid: number }> {
  const home = mkdtempSync(join(tmpdir(), "relay-bench-db-"));
  const service = await startService({
    name: "embedded-database",
    // Port 0: it picks a free one and names it in its ready line.
    args: [
      // RELAY_BENCH_CPU_PROF: profiled beside the proxy (<dir>/embedded-database).
      ...(process.env.RELAY_BENCH_CPU_PROF
        ? [
            "--cpu-prof",
            "--cpu-prof-dir",
            join(process.env.RELAY_BENCH_CPU_PROF, "embedded-database"),
          ]
        : []),
      ...bundledAppArgs("cli:database-process", "0"),
    ],
    cwd: paths.app,
    env: { RELAY_HOME: home },
    ready: /listening on (127\.0\.0\.1:\d+)/,
    logFile: join(paths.logs, "embedded-database.log"),
    startTimeoutMs: 120_000,
  });
  const url = `postgresql://postgres:postgres@${service.ready}/postgres?sslmode=disable`;
  await migrate(url);
  return {
    pid: service.pid,
    database: {
      url,
      engine: "pglite",
      async drop() {
        await service.stop();
        rmSync(home, { recursive: true, force: true });
      },
    },
  };
}

export async function prepareRelayDatabase(
  server: string | undefined,
  upstreams: BenchUpstreams,
  paths: Paths,
): Promise<RelayDatabase> {
  const embedded = server ? undefined : await startEmbeddedDatabase(paths);
  const database = embedded?.database ?? (await createTestDatabase(server));
  const db = createDb(database.url, { max: 2 });
  // The key the proxy process started beside it loads from the same environment.
  const encryptionKey = encryptionKeyOf(parseEnv(process.env));
  try {
    await seedDemo({
      ctx: { db },
      input: {
        operatorEmail: "op@relay.bench",
        operatorPassword: "bench",
        upstreamUrl: upstreams.fast,
      },
      encryptionKey,
    });
    for (const [model, baseUrl] of [
      [PACED_MODEL, upstreams.paced],
      [SLOW_MODEL, upstreams.slow],
    ] as const) {
      await addChannel({
        ctx: { db, actor },
        input: addChannelInput.parse({
          provider: "openai",
          name: model,
          baseUrl,
          apiKey: "sk-sim",
          models: [`${model}=gpt-4o-mini`],
        }),
        encryptionKey,
      });
      await setPrice({
        ctx: { db, actor },
        input: setPriceInput.parse({ model, input: "0.15", output: "0.60" }),
      });
    }
    const tenant = await createTenant({
      ctx: { db, actor },
      input: { name: "Bench", slug: "bench", credit: parseUsd("1000000") },
    });
    const { secret } = await createApiKey({
      ctx: { db, actor },
      input: { tenant: tenant.id, name: "bench", allowedModels: [], allowedIps: [] },
    });
    return { database, pid: embedded?.pid, tenantId: tenant.id, key: secret };
  } finally {
    await db.$disconnect();
  }
}
