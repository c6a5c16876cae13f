// Everything the developer flow needs, started by the spec itself: a migrated database (on
// DATABASE_URL's server as in CI, embedded otherwise), the simulated upstream, the seed, the proxy
// and the console, each on a free port. stop() ends every process this started.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { createDb } from "@relay/db";
import { createTestDatabase, type TestDatabase } from "@relay/db/testing";
import { seedDemo } from "@relay/services";
import { startUpstreamSim, type UpstreamSim } from "@relay/upstream-sim";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const consoleDir = fileURLToPath(new URL("..", import.meta.url));

export interface Stack {
  consoleUrl: string;
  proxyUrl: string;
  databaseUrl: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function start(
  name: string,
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
) {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: "pipe",
    detached: true,
  });
  const log: string[] = [];
  const keep = (chunk: Buffer) => {
    log.push(chunk.toString());
    if (log.length > 200) log.shift();
    if (process.env.E2E_VERBOSE) process.stderr.write(`[${name}] ${chunk}`);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { child, log };
}

async function waitFor(url: string, what: string, log: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${what} did not come up at ${url}:\n${log.join("").slice(-4000)}`);
}

/** Ends a child and its process group (next dev starts workers of its own). */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}

export interface StackOptions {
  /**
   * A build folder of the console's own (e.g. ".next/e2e-operator"), so this run's `next dev` can
   * start while another is running in apps/console. Unset: Next's default folder.
   */
  consoleDistDir?: string;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const database: TestDatabase = await createTestDatabase(process.env.DATABASE_URL);
  const stops: Array<() => Promise<void>> = [() => database.drop()];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => {});
  };
  try {
    const sim: UpstreamSim = await startUpstreamSim();
    stops.push(() => sim.close());

    const db = createDb(database.url, { max: 2 });
    await seedDemo({
      ctx: { db },
      input: {
        operatorEmail: "admin@relay.local",
        operatorPassword: "relay-admin",
        upstreamUrl: sim.url,
      },
    });
    await db.$disconnect();

    const proxyPort = await freePort();
    const proxy = start(
      "proxy",
      process.execPath,
      ["--import", "tsx", "apps/proxy/src/main.ts"],
      repoRoot,
      {
        DATABASE_URL: database.url,
        PORT: String(proxyPort),
        HOST: "127.0.0.1",
      },
    );
    stops.push(() => stopProcess(proxy.child));
    const proxyUrl = `http://127.0.0.1:${proxyPort}/v1`;

    const consolePort = await freePort();
    const consoleUrl = `http://127.0.0.1:${consolePort}`;
    const nextBin = fileURLToPath(new URL("../node_modules/next/dist/bin/next", import.meta.url));
    const app = start(
      "console",
      process.execPath,
      [nextBin, "dev", "--port", String(consolePort), "--hostname", "127.0.0.1"],
      consoleDir,
      {
        DATABASE_URL: database.url,
        RELAY_PROXY_PUBLIC_URL: proxyUrl,
        NEXTAUTH_URL: consoleUrl,
        AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e-secret",
        NODE_ENV: "development",
        NEXT_TELEMETRY_DISABLED: "1",
        ...(options.consoleDistDir ? { RELAY_CONSOLE_DIST_DIR: options.consoleDistDir } : {}),
      },
    );
    stops.push(() => stopProcess(app.child));

    await waitFor(`http://127.0.0.1:${proxyPort}/healthz`, "the proxy", proxy.log, 60_000);
    await waitFor(`${consoleUrl}/api/health`, "the console", app.log, 120_000);
    return { consoleUrl, proxyUrl, databaseUrl: database.url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
