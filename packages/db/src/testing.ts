// Throwaway databases for tests: a fresh database on the real server named by DATABASE_URL (CI),
// or an in-memory embedded Postgres when none is given (a plain local run). Either way migrated.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedPostgres } from "./embedded.ts";
import { migrate } from "./migrate.ts";

export interface TestDatabase {
  url: string;
  /** "postgres" for a real server, "pglite" for the embedded one. */
  engine: "postgres" | "pglite";
  drop(): Promise<void>;
}

/** serverUrl: a real Postgres server to create the database on; undefined for the embedded one. */
export async function createEmptyDatabase(serverUrl: string | undefined): Promise<TestDatabase> {
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres();
    return { url: embedded.url, engine: "pglite", drop: () => embedded.stop() };
  }
  const name = `relay_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    engine: "postgres",
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

export async function createTestDatabase(serverUrl: string | undefined): Promise<TestDatabase> {
  const database = await createEmptyDatabase(serverUrl);
  await migrate(database.url);
  return database;
}
