// Where CLI commands find the database: DATABASE_URL, else the embedded database a running
// `pnpm start` serves, else the project's embedded database opened just for this command.
// The embedded database's code (PGlite, migrations) is loaded only when this command opens it.
import { closeDb, createDb, type Db, runningEmbedded } from "@relay/db";
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

export async function withDatabase<T>(fn: (db: Db, url: string) => Promise<T>): Promise<T> {
  const fromEnv = cliEnv().DATABASE_URL;
  const running = fromEnv ? undefined : runningEmbedded();
  const owned = fromEnv || running ? undefined : await openProjectDatabase();
  const url = fromEnv ?? running?.url ?? owned?.url;
  if (!url) throw new Error("No database");
  const db = createDb(url, { max: 2 });
  try {
    return await fn(db, url);
  } finally {
    await db.$disconnect();
    await closeDb();
    await owned?.stop();
  }
}
