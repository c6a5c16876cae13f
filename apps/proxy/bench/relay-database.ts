// The Relay proxy's database for a run: a fresh migrated one (a new database on the server named
// by DATABASE_URL, or an in-memory embedded Postgres served from this process over TCP), seeded
// like the embedded default, plus a bench tenant whose credit never runs out during a run.
import { parseUsd } from "@relay/billing";
import { createDb } from "@relay/db";
import { createTestDatabase, type TestDatabase } from "@relay/db/testing";
import { createApiKey, createTenant, seedDemo } from "@relay/services";
import { encryptionKeyOf, parseEnv } from "../src/env.ts";

export interface RelayDatabase {
  database: TestDatabase;
  tenantId: string;
  key: string;
}

const actor = { label: "bench" };

export async function prepareRelayDatabase(upstreamUrl: string): Promise<RelayDatabase> {
  const database = await createTestDatabase(process.env.DATABASE_URL || undefined);
  const db = createDb(database.url, { max: 2 });
  try {
    await seedDemo({
      ctx: { db },
      input: { operatorEmail: "op@relay.bench", operatorPassword: "bench", upstreamUrl },
      // The key the proxy process started beside it loads from the same environment.
      encryptionKey: encryptionKeyOf(parseEnv(process.env)),
    });
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
