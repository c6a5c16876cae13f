// `pnpm start`: the whole platform on one machine with no configuration. Embedded Postgres (or
// DATABASE_URL), migrations, the seed, the simulated upstream (or RELAY_UPSTREAM_URL), then the
// proxy and the console. The database, the proxy and the console are child processes under a
// supervisor: one that crashes is restarted, the others keep running. Ctrl-C or SIGTERM stops
// everything gracefully, the last started first.
import { createRequire } from "node:module";
import { join } from "node:path";
import { createDb, projectRoot, relayHome, runningEmbedded } from "@relay/db";
import { migrate } from "@relay/db/migrate";
import { bundledAppArgs } from "@relay/db/paths";
import type { SeedResult } from "@relay/services";
import { startUpstreamSim, type UpstreamSim } from "@relay/upstream-sim";
import { type CliEnv, cliEnv } from "../env.ts";
import { ensureConsoleBuilt } from "./console-build.ts";
import { DEFAULT_ADMIN_PASSWORD, demoKeyLines, seedPlatform } from "./demo-key.ts";
import { answersOk, waitUntilReady } from "./readiness.ts";
import { Supervisor } from "./supervisor.ts";

export interface StartOptions {
  /** The console's development server (hot reload) instead of its production build. */
  dev?: boolean;
}

export async function startPlatform(options: StartOptions = {}): Promise<void> {
  const config = cliEnv();
  const root = projectRoot();
  const ports = {
    console: config.RELAY_CONSOLE_PORT,
    proxy: config.RELAY_PROXY_PORT,
    upstream: config.RELAY_UPSTREAM_PORT,
    database: config.RELAY_DATABASE_PORT,
  };

  const supervisor = new Supervisor(join(relayHome(), "run"));
  let sim: UpstreamSim | undefined;
  let stopping = false;
  const stop = async (code: number): Promise<never> => {
    if (!stopping) {
      stopping = true;
      console.log("\nStopping Relay…");
      await supervisor.stop();
      await sim?.close();
      process.exit(code);
    }
    return new Promise<never>(() => {}); // the first stop exits
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  const failStartUp = async (what: string, readiness: string) => {
    if (stopping) return stop(0); // Ctrl-C during start-up, not a failure
    console.error(
      readiness === "exited"
        ? `The ${what} exited before it was ready (see its output above).`
        : `The ${what} did not become ready in time.`,
    );
    return stop(1);
  };

  let databaseUrl = config.DATABASE_URL;
  const embedded = !databaseUrl;
  if (!databaseUrl) {
    const database = supervisor.start({
      name: "database",
      command: process.execPath,
      // From its JavaScript bundle, rebuilt by the runner when a source changed since the last build.
      args: bundledAppArgs("cli:database-process", String(ports.database)),
      cwd: root,
      env: process.env,
      ipc: true,
    });
    const readiness = await waitUntilReady(
      database,
      () => runningEmbedded()?.pid === database.pid,
      60_000,
    );
    if (readiness !== "ready") await failStartUp("embedded database", readiness);
    databaseUrl = runningEmbedded()?.url ?? "";
  }
  const migrated = await migrate(databaseUrl);
  if (migrated.applied.length) console.log(`Applied migrations: ${migrated.applied.join(", ")}`);

  sim = config.RELAY_UPSTREAM_URL ? undefined : await startUpstreamSim({ port: ports.upstream });
  const upstreamUrl = config.RELAY_UPSTREAM_URL ?? sim?.url ?? "";

  const db = createDb(databaseUrl, { max: 2 });
  const seed = await seedPlatform({
    ctx: { db },
    input: { upstreamUrl, keepKey: embedded },
    env: config,
  });
  await db.$disconnect();

  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    // The embedded database has this one proxy: its holds can live in its memory.
    ...(embedded ? { RELAY_HOLDS: "memory" } : {}),
    PORT: String(ports.proxy),
    RELAY_PROXY_PUBLIC_URL: config.RELAY_PROXY_PUBLIC_URL ?? `http://localhost:${ports.proxy}/v1`,
    // What emails (invitations, low-balance alerts) and Stripe's return link point at.
    RELAY_CONSOLE_PUBLIC_URL:
      config.RELAY_CONSOLE_PUBLIC_URL ?? `http://localhost:${ports.console}`,
  };
  const nextBin = createRequire(join(root, "apps/console/package.json")).resolve(
    "next/dist/bin/next",
  );
  const proxy = supervisor.start({
    name: "proxy",
    command: process.execPath,
    args: bundledAppArgs("proxy"),
    cwd: root,
    env,
  });
  const consoleDir = join(root, "apps/console");
  const consoleEnv: NodeJS.ProcessEnv = {
    ...env,
    PORT: String(ports.console),
    // The production build runs with NODE_ENV=production; outside production it keeps the local
    // defaults (.relay/'s generated secrets) that the development server uses.
    ...(config.NODE_ENV === "production" ? {} : { RELAY_LOCAL_DEFAULTS: "1" }),
  };
  if (!options.dev) {
    // Built before it starts (while the proxy comes up); reused until a source changes.
    const built = await ensureConsoleBuilt({
      root,
      consoleDir,
      distDir: join(consoleDir, process.env.RELAY_CONSOLE_DIST_DIR ?? ".next"),
      nextBin,
      env: consoleEnv,
    }).catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      return undefined;
    });
    if (built === undefined) await failStartUp("console build", "exited");
  }
  const consoleApp = supervisor.start({
    name: "console",
    command: process.execPath,
    args: [nextBin, options.dev ? "dev" : "start", "--port", String(ports.console)],
    cwd: consoleDir,
    env: consoleEnv,
  });

  const proxyReadiness = await waitUntilReady(
    proxy,
    () => answersOk(`http://127.0.0.1:${ports.proxy}/healthz`),
    60_000,
  );
  if (proxyReadiness !== "ready") await failStartUp("proxy", proxyReadiness);
  printBanner({ ports, upstreamUrl, simulated: Boolean(sim), embedded, seed, config });

  const consoleReadiness = await waitUntilReady(
    consoleApp,
    () => answersOk(`http://127.0.0.1:${ports.console}/api/health`),
    300_000,
  );
  if (consoleReadiness === "ready")
    console.log(`Console ready at http://localhost:${ports.console}`);
  else if (consoleReadiness === "exited") await failStartUp("console", consoleReadiness);
  else console.error("The console did not become ready within 5 minutes.");
}

function printBanner(info: {
  ports: { console: number; proxy: number };
  upstreamUrl: string;
  simulated: boolean;
  embedded: boolean;
  seed: SeedResult;
  config: CliEnv;
}): void {
  const proxy = `http://localhost:${info.ports.proxy}/v1`;
  const lines = [
    "",
    "Relay is running",
    `  Console   http://localhost:${info.ports.console}   operator login: ${info.seed.operatorEmail} / ${info.config.RELAY_ADMIN_PASSWORD ? "(RELAY_ADMIN_PASSWORD)" : DEFAULT_ADMIN_PASSWORD}`,
    `  Proxy     ${proxy}`,
    `  Upstream  ${info.upstreamUrl}${info.simulated ? "   (simulated)" : ""}`,
    `  Database  ${info.embedded ? "embedded Postgres, data in .relay/pgdata" : "DATABASE_URL"}`,
    "",
    ...demoKeyLines(info.seed, proxy, info.config),
    "",
  ];
  console.log(lines.join("\n"));
}
