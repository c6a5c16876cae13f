// The embedded default database: PGlite (Postgres compiled to WASM) served over the Postgres wire
// protocol on localhost, so the console, the proxy and the CLI all connect to it with an ordinary
// `pg` connection string, exactly as they would to a real server.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { embeddedStateFile, runningEmbedded } from "./database-url.ts";
import { relayHome } from "./paths.ts";
import { NotificationRouter } from "./pglite-notifications.ts";
import { keepProtocolSequencesTogether } from "./pglite-sequencing.ts";

export interface EmbeddedPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** A folder to keep data in; in memory when omitted. */
  dataDir?: string;
  /** 0 picks a free port. */
  port?: number;
  /** PGlite runs one query at a time; connections beyond one are queued, not parallel. */
  maxConnections?: number;
}

export async function startEmbeddedPostgres(
  options: EmbeddedOptions = {},
): Promise<EmbeddedPostgres> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
  const server = new PGLiteSocketServer({
    db,
    host: "127.0.0.1",
    port: options.port ?? 0,
    maxConnections: options.maxConnections ?? 100,
  });
  keepProtocolSequencesTogether(server, db, new NotificationRouter(db));
  await server.start();
  const port = Number(server.getServerConn().split(":").pop());
  return {
    port,
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

export const DEFAULT_EMBEDDED_PORT = 54329;

/**
 * Starts the project's persistent embedded database (data under `.relay/pgdata`) and records
 * where it listens so other processes (the CLI, tests of a running stack) can find it. Only one
 * process may open the data folder: if another one already serves it, this fails.
 */
export async function startProjectDatabase(
  port = DEFAULT_EMBEDDED_PORT,
): Promise<EmbeddedPostgres> {
  const running = runningEmbedded();
  if (running) {
    throw new Error(
      `The embedded database is already served by process ${running.pid} on port ${running.port}.`,
    );
  }
  const embedded = await startEmbeddedPostgres({ dataDir: join(relayHome(), "pgdata"), port });
  const stateFile = embeddedStateFile();
  writeFileSync(
    stateFile,
    JSON.stringify({ pid: process.pid, port: embedded.port, url: embedded.url }, null, 2),
  );
  return {
    ...embedded,
    async stop() {
      rmSync(stateFile, { force: true });
      await embedded.stop();
    },
  };
}
