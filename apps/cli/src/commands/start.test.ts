// `pnpm start` survives a crash of any of its children: kill -9 of the proxy, then of the embedded
// database, each comes back within seconds while the other children keep running, and Ctrl-C
// then stops everything. The platform is started as `pnpm start` starts it (apps/cli/src/main.ts
// start), console included, on free ports with a RELAY_HOME of its own. The children's pids are
// read where the supervisor keeps them: RELAY_HOME/run/<name>.pid.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "@relay/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = projectRoot();
const home = mkdtempSync(join(tmpdir(), "relay-start-"));
let cli: ChildProcess;
let output = "";
let proxyUrl: string;
let demoKey: string;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function pidOf(name: string): number | undefined {
  try {
    return Number(readFileSync(join(home, "run", `${name}.pid`), "utf8"));
  } catch {
    return undefined; // not running: waiting to be restarted
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls until check returns a value, or fails with the platform's recent output. */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline || cli.exitCode !== null) {
      throw new Error(`${what} did not happen:\n${output.slice(-6000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function status(path: string, body?: unknown): Promise<number> {
  try {
    const response = await fetch(`${proxyUrl}${path}`, {
      method: body ? "POST" : "GET",
      headers: { authorization: `Bearer ${demoKey}`, "content-type": "application/json" },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0; // not listening
  }
}

const listModels = () => status("/models");
// Paid: it needs the database (the balance, a hold, the charge), where /models may be cached.
const chat = () =>
  status("/chat/completions", {
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "Hello!" }],
  });

/**
 * kill -9 of a child; resolves with its new pid and the seconds until `call` answers 200 again
 * through the proxy.
 */
async function crash(name: string, call: () => Promise<number>) {
  const old = pidOf(name);
  if (!old) throw new Error(`no ${name} pid`);
  const killedAt = performance.now();
  process.kill(old, "SIGKILL");
  const pid = await until(
    `the ${name} restart`,
    async () => {
      const current = pidOf(name);
      return current && current !== old ? current : undefined;
    },
    30_000,
  );
  await until(
    "a 200 from the proxy",
    async () => ((await call()) === 200 ? true : undefined),
    30_000,
  );
  const seconds = (performance.now() - killedAt) / 1000;
  console.log(`kill -9 of the ${name}: the proxy answers 200 again after ${seconds.toFixed(1)} s`);
  expect(output).toContain(`${name} (pid ${old}) was killed by SIGKILL after`);
  return { pid, seconds };
}

beforeAll(async () => {
  const ports = {
    console: await freePort(),
    proxy: await freePort(),
    upstream: await freePort(),
    database: await freePort(),
  };
  proxyUrl = `http://127.0.0.1:${ports.proxy}/v1`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RELAY_HOME: home,
    RELAY_CONSOLE_PORT: String(ports.console),
    RELAY_PROXY_PORT: String(ports.proxy),
    RELAY_UPSTREAM_PORT: String(ports.upstream),
    RELAY_DATABASE_PORT: String(ports.database),
    NEXT_TELEMETRY_DISABLED: "1",
    // next dev allows one server per build folder: the e2e specs' folder (they never run at the
    // same time as this test under `pnpm test`), so a developer's running `pnpm start` is left alone.
    RELAY_CONSOLE_DIST_DIR: ".next/e2e",
  };
  // The README's defaults: the embedded database, no Redis.
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  // A process group of its own, so Ctrl-C can be sent the way a terminal sends it.
  // --dev: the console's development server, which needs no build; what is tested here is the
  // supervision, the same in both modes (the e2e specs run the production build).
  cli = spawn(process.execPath, ["--import", "tsx", "apps/cli/src/main.ts", "start", "--dev"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
  };
  cli.stdout?.on("data", keep);
  cli.stderr?.on("data", keep);
  await until(
    "the banner",
    async () => (output.includes("Relay is running") ? true : undefined),
    90_000,
  );
  demoKey = readFileSync(join(home, "demo-key"), "utf8").trim();
  expect(output).toContain(demoKey);
});

afterAll(() => {
  // Only if a test failed half-way: nothing may be left running.
  for (const name of ["console", "proxy", "database"]) {
    const pid = pidOf(name);
    if (pid) process.kill(-pid, "SIGKILL");
  }
  if (cli.pid && cli.exitCode === null) process.kill(-cli.pid, "SIGKILL");
  rmSync(home, { recursive: true, force: true });
});

describe("pnpm start under a supervisor", () => {
  it("restarts a killed proxy, then a killed database, and stops everything on Ctrl-C", async () => {
    expect(await listModels()).toBe(200);
    expect(await chat()).toBe(200);
    const first = { database: pidOf("database"), proxy: pidOf("proxy"), console: pidOf("console") };
    for (const pid of Object.values(first)) expect(pid && alive(pid)).toBe(true);

    const proxy = await crash("proxy", listModels);
    expect(proxy.seconds).toBeLessThan(15);
    expect(output).toContain("restarting it in 0.5 s.");
    expect(pidOf("console")).toBe(first.console);
    expect(pidOf("database")).toBe(first.database);

    // The database comes back on the same port with its data: the demo key still pays for calls.
    const database = await crash("database", chat);
    expect(database.seconds).toBeLessThan(20);
    expect(pidOf("proxy")).toBe(proxy.pid);
    expect(pidOf("console")).toBe(first.console);

    const exited = new Promise<number | null>((resolve) => cli.once("exit", resolve));
    const stoppingAt = performance.now();
    if (cli.pid) process.kill(-cli.pid, "SIGINT");
    expect(await exited).toBe(0);
    console.log(
      `Ctrl-C -> everything stopped in ${((performance.now() - stoppingAt) / 1000).toFixed(1)} s`,
    );

    const children = [first.console, first.database, first.proxy, database.pid, proxy.pid];
    for (const pid of children) {
      if (!pid) throw new Error("missing pid");
      expect(alive(pid)).toBe(false);
      // nor anything a child started (next dev's server) in its process group
      expect(() => process.kill(-pid, 0)).toThrow();
    }
    expect(readdirSync(join(home, "run"))).toEqual([]);
    expect(existsSync(join(home, "embedded-postgres.json"))).toBe(false);
  }, 120_000);
});
