import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "./migrate.ts";
import { projectRoot } from "./paths.ts";
import { createEmptyDatabase, type TestDatabase } from "./testing.ts";

// The catalog facts that make up "the schema": a database built by the migrations must show
// exactly the same as one built straight from prisma/schema.prisma.
const CATALOG = {
  columns: `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default,
                   character_maximum_length, numeric_precision
            FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
            ORDER BY table_name, column_name`,
  indexes: `SELECT tablename, indexname, indexdef FROM pg_indexes
            WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
            ORDER BY tablename, indexname`,
  constraints: `SELECT conrelid::regclass::text AS table, conname, pg_get_constraintdef(oid) AS def
                FROM pg_constraint
                WHERE connamespace = 'public'::regnamespace
                  AND conrelid::regclass::text <> '"_prisma_migrations"'
                  AND conrelid::regclass::text <> '_prisma_migrations'
                ORDER BY 1, 2`,
  enums: `SELECT t.typname, e.enumlabel, e.enumsortorder FROM pg_type t
          JOIN pg_enum e ON e.enumtypid = t.oid ORDER BY 1, 3`,
};

async function catalog(url: string): Promise<Record<string, unknown[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const snapshot: Record<string, unknown[]> = {};
    for (const [name, sql] of Object.entries(CATALOG)) {
      snapshot[name] = (await client.query(sql)).rows;
    }
    return snapshot;
  } finally {
    await client.end();
  }
}

// Asynchronous on purpose: the embedded database may be served by this very process.
async function schemaSql(url: string): Promise<string> {
  const root = projectRoot();
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      join(root, "tooling/prisma/prisma.mjs"),
      "migrate",
      "diff",
      "--from-empty",
      "--to-schema-datamodel",
      "prisma/schema.prisma",
      "--script",
    ],
    { cwd: root, env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" },
  );
  return stdout;
}

describe("migrations", () => {
  const server = process.env.RELAY_TEST_SERVER_URL;
  let migrated: TestDatabase;
  let fromSchema: TestDatabase;

  beforeAll(async () => {
    migrated = await createEmptyDatabase(server);
    fromSchema = await createEmptyDatabase(server);
  }, 120_000);

  afterAll(async () => {
    await migrated?.drop();
    await fromSchema?.drop();
  });

  it("apply once, record themselves like prisma migrate deploy, and are safe to run twice", async () => {
    const first = await migrate(migrated.url);
    expect(first.applied.length).toBeGreaterThan(0);
    expect(first.alreadyApplied).toEqual([]);

    const second = await migrate(migrated.url);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(first.applied);

    const client = new pg.Client({ connectionString: migrated.url });
    await client.connect();
    const { rows } = await client.query(
      `SELECT migration_name, length(checksum) AS checksum_length, applied_steps_count,
              finished_at IS NOT NULL AS finished
       FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    await client.end();
    expect(rows).toEqual(
      first.applied.map((name) => ({
        migration_name: name,
        checksum_length: 64,
        applied_steps_count: 1,
        finished: true,
      })),
    );
  });

  it("leave no drift: the migrated database matches prisma/schema.prisma exactly", async () => {
    const sql = await schemaSql(fromSchema.url);
    expect(sql).toContain('CREATE TABLE "ledger_entries"');
    const client = new pg.Client({ connectionString: fromSchema.url });
    await client.connect();
    await client.query(sql);
    await client.end();

    const [actual, expected] = [await catalog(migrated.url), await catalog(fromSchema.url)];
    expect(actual.columns?.length).toBeGreaterThan(100);
    expect(actual).toEqual(expected);
  }, 120_000);
});
