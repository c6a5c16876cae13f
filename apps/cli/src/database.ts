// Where CLI commands find the database: DATABASE_URL, else the embedded database a running
// `pnpm start` serves, else the project's embedded database opened just for this command.
import { closeDb, createDb, type Db, runningEmbedded } from "@relay/db";
import { startProjectDatabase } from "@relay/db/embedded";
import { migrate } from "@relay/db/migrate";
import { cliEnv } from "./env.ts";

export async function withDatabase<T>(fn: (db: Db, url: string) => Promise<T>): Promise<T> {
  const fromEnv = cliEnv().DATABASE_URL;
  const running = fromEnv ? undefined : runningEmbedded();
  const owned = fromEnv || running ? undefined : await startProjectDatabase(0);
  const url = fromEnv ?? running?.url ?? owned?.url;
  if (!url) throw new Error("No database");
  // The embedded database migrates itself, so commands work on a fresh clone.
  if (owned) await migrate(url);
  const db = createDb(url, { max: 2 });
  try {
    return await fn(db, url);
  } finally {
    await db.$disconnect();
    await closeDb();
    await owned?.stop();
  }
}
