// The embedded database as a process of its own, started (and restarted) by `pnpm start`'s
// supervisor: `node tooling/build/run.mjs cli:database-process <port>`. It records where it listens in
// RELAY_HOME/embedded-postgres.json, which is how start-up knows it is ready.
import { startProjectDatabase } from "@relay/db/embedded";

const port = Number(process.argv[2]);
const started = startProjectDatabase(port);

let stopping = false;
// A stop asked for while the database is still starting waits for the start, so the state file
// is always its own and is removed on the way out.
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  const database = await started;
  await database.stop();
  process.exit(0);
}
process.once("SIGTERM", () => void stop());
process.once("SIGINT", () => void stop());
// The supervisor's IPC channel closes when it dies, even of SIGKILL: the data folder is not left
// locked by a database nobody supervises.
process.once("disconnect", () => void stop());

const database = await started;
console.log(`Embedded Postgres listening on 127.0.0.1:${database.port}`);
