// Where CLI commands find the database: DATABASE_URL, else the embedded database a running
// `pnpm start` serves, else the project's embedded database opened just for this command.
// What a command needs is loaded only when it runs: the embedded database's code (PGlite,
// migrations) when it opens one, the ORM when it queries through the service verbs.
import type { Db } from "@relay/db";
import { runningEmbedded } from "@relay/db/database-url";
import { cliEnv } from "./env.ts";

async function openProjectDatabase() {
  const [{ startProjectDatabase }, { migrate }] = await Promise.all([
    import("@relay/db/embedded"),
    import("@relay/db/migrate"),
  ]);
  const database = await startProjectDatabase(0);
  // The embedded database migrates itself, so commands work on a fresh clone.
  await migrate(database.url);
  return database;
}

/** Runs `fn` with the database's URL, opening the project's embedded database if need be. */
export async function withDatabaseUrl<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const fromEnv = cliEnv().DATABASE_URL;
  const running = fromEnv ? undefined : runningEmbedded();
  const owned = fromEnv || running ? undefined : await openProjectDatabase();
  const url = fromEnv ?? running?.url ?? owned?.url;
  if (!url) throw new Error("No database");
  try {
    return await fn(url);
  } finally {
    await owned?.stop();
  }
}

/** Runs `fn` with the ORM's client on the database (see withDatabaseUrl). */
export function withDatabase<T>(fn: (db: Db, url: string) => Promise<T>): Promise<T> {
  return withDatabaseUrl(async (url) => {
    const { closeDb, createDb } = await import("@relay/db");
    const db = createDb(url, { max: 2 });
    try {
      return await fn(db, url);
    } finally {
      await db.$disconnect();
      await closeDb();
    }
  });
}
