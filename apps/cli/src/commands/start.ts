// `pnpm start`: the whole platform on one machine with no configuration. Embedded Postgres (or
// DATABASE_URL), migrations, the seed, the simulated upstream (or RELAY_UPSTREAM_URL), then the
// proxy and the console as child processes. Ctrl-C stops everything gracefully.
import { createRequire } from "node:module";
import { join } from "node:path";
import { createDb, projectRoot } from "@relay/db";
import { startProjectDatabase } from "@relay/db/embedded";
import { migrate } from "@relay/db/migrate";
import type { SeedResult } from "@relay/services";
import { startUpstreamSim } from "@relay/upstream-sim";
import type { Command } from "commander";
import { type Child, startChild, waitForHttp } from "../platform/child.ts";
import { demoKeyLines, seedPlatform } from "../platform/demo-key.ts";

function port(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0 || value > 65535) {
    throw new Error(`${name} must be a TCP port, got "${process.env[name]}"`);
  }
  return value;
}

export function startCommand(program: Command): void {
  program
    .command("start")
    .description("start the whole platform: database, upstream simulator, proxy and console")
    .action(async () => {
      await startPlatform();
    });
}

async function startPlatform(): Promise<void> {
  const root = projectRoot();
  const ports = {
    console: port("RELAY_CONSOLE_PORT", 3000),
    proxy: port("RELAY_PROXY_PORT", 4000),
    upstream: port("RELAY_UPSTREAM_PORT", 4010),
    database: port("RELAY_DATABASE_PORT", 54329),
  };

  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startProjectDatabase(ports.database);
  const databaseUrl = process.env.DATABASE_URL ?? embedded?.url ?? "";
  const migrated = await migrate(databaseUrl);
  if (migrated.applied.length) console.log(`Applied migrations: ${migrated.applied.join(", ")}`);

  const sim = process.env.RELAY_UPSTREAM_URL
    ? undefined
    : await startUpstreamSim({ port: ports.upstream });
  const upstreamUrl = process.env.RELAY_UPSTREAM_URL ?? sim?.url ?? "";

  const db = createDb(databaseUrl, { max: 2 });
  const seed = await seedPlatform({
    ctx: { db },
    input: { upstreamUrl, keepKey: Boolean(embedded) },
  });
  await db.$disconnect();

  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(ports.proxy),
    RELAY_PROXY_PUBLIC_URL:
      process.env.RELAY_PROXY_PUBLIC_URL ?? `http://localhost:${ports.proxy}/v1`,
    // What emails (invitations, low-balance alerts) and Stripe's return link point at.
    RELAY_CONSOLE_PUBLIC_URL:
      process.env.RELAY_CONSOLE_PUBLIC_URL ?? `http://localhost:${ports.console}`,
  };
  const nextBin = createRequire(join(root, "apps/console/package.json")).resolve(
    "next/dist/bin/next",
  );
  const children: Child[] = [
    startChild("proxy", process.execPath, ["--import", "tsx", "apps/proxy/src/main.ts"], {
      cwd: root,
      env,
    }),
    startChild("console", process.execPath, [nextBin, "dev", "--port", String(ports.console)], {
      cwd: join(root, "apps/console"),
      env: { ...env, PORT: String(ports.console) },
    }),
  ];

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping Relay…");
    await Promise.all(children.map((child) => child.stop()));
    await sim?.close();
    await embedded?.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  for (const child of children) {
    void child.exited.then((code) => {
      if (!stopping) {
        console.error(`[${child.name}] exited with code ${code}; stopping the platform.`);
        void stop(1);
      }
    });
  }

  if (!(await waitForHttp(`http://127.0.0.1:${ports.proxy}/healthz`, 60_000))) {
    console.error("The proxy did not become ready within 60 s.");
    await stop(1);
  }
  printBanner({ ports, upstreamUrl, simulated: Boolean(sim), embedded: Boolean(embedded), seed });

  if (await waitForHttp(`http://127.0.0.1:${ports.console}/api/health`, 300_000)) {
    console.log(`Console ready at http://localhost:${ports.console}`);
  } else {
    console.error("The console did not become ready within 5 minutes.");
  }
}

function printBanner(info: {
  ports: { console: number; proxy: number };
  upstreamUrl: string;
  simulated: boolean;
  embedded: boolean;
  seed: SeedResult;
}): void {
  const proxy = `http://localhost:${info.ports.proxy}/v1`;
  const lines = [
    "",
    "Relay is running",
    `  Console   http://localhost:${info.ports.console}   operator login: ${info.seed.operatorEmail} / ${process.env.RELAY_ADMIN_PASSWORD ? "(RELAY_ADMIN_PASSWORD)" : "relay-admin"}`,
    `  Proxy     ${proxy}`,
    `  Upstream  ${info.upstreamUrl}${info.simulated ? "   (simulated)" : ""}`,
    `  Database  ${info.embedded ? "embedded Postgres, data in .relay/pgdata" : "DATABASE_URL"}`,
    "",
    ...demoKeyLines(info.seed, proxy),
    "",
  ];
  console.log(lines.join("\n"));
}
