// Each package's test run gets its own freshly migrated database (see @relay/db/testing); the
// workers find it in DATABASE_URL. The server DATABASE_URL named, if any, is kept as
// RELAY_TEST_SERVER_URL for tests that need more databases of their own.
import { createTestDatabase, type TestDatabase } from "@relay/db/testing";

let database: TestDatabase | undefined;

export async function setup(): Promise<void> {
  const server = process.env.DATABASE_URL;
  if (server) process.env.RELAY_TEST_SERVER_URL = server;
  database = await createTestDatabase(server);
  process.env.DATABASE_URL = database.url;
  process.env.RELAY_TEST_DB_ENGINE = database.engine;
}

export async function teardown(): Promise<void> {
  await database?.drop();
}
