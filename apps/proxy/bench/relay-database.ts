// The Relay proxy's database for a run: a fresh migrated one (a new database on the server named
// by DATABASE_URL, or an in-memory embedded Postgres served from this process over TCP), seeded
// like the embedded default, plus a bench tenant whose credit never runs out during a run, and two
// models served by paced simulators (for stream timing and for many long-open streams).
import { parseUsd } from "@relay/billing";
import { createDb } from "@relay/db";
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

export interface RelayDatabase {
  database: TestDatabase;
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

export async function prepareRelayDatabase(
  server: string | undefined,
  upstreams: BenchUpstreams,
): Promise<RelayDatabase> {
  const database = await createTestDatabase(server);
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
    return { database, tenantId: tenant.id, key: secret };
  } finally {
    await db.$disconnect();
  }
}
