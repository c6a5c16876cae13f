// The platform the specs run against, started the README's way: `pnpm start` from the repository
// root, on free ports, with a database of its own (a fresh database on DATABASE_URL's server as
// in CI, or the embedded one in a throwaway RELAY_HOME) and a Stripe double standing in for
// Stripe's API and hosted Checkout page. Started once for every spec by global-setup.ts.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createEmptyDatabase } from "@relay/db/testing";
import { type StripeDouble, startStripeDouble } from "@relay/payments/testing";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

/** What the specs read (from the environment global-setup leaves for the workers). */
export interface Platform {
  consoleUrl: string;
  proxyUrl: string;
  upstreamUrl: string;
  databaseUrl: string;
  stripeUrl: string;
}

const ENV: Record<keyof Platform, string> = {
  consoleUrl: "RELAY_E2E_CONSOLE_URL",
  proxyUrl: "RELAY_E2E_PROXY_URL",
  upstreamUrl: "RELAY_E2E_UPSTREAM_URL",
  databaseUrl: "RELAY_E2E_DATABASE_URL",
  stripeUrl: "RELAY_E2E_STRIPE_URL",
};

export function platform(): Platform {
  const read = (key: keyof Platform) => {
    const value = process.env[ENV[key]];
    if (!value) throw new Error(`${ENV[key]} is unset: run the specs through playwright.config.ts`);
    return value;
  };
  return {
    consoleUrl: read("consoleUrl"),
    proxyUrl: read("proxyUrl"),
    upstreamUrl: read("upstreamUrl"),
    databaseUrl: read("databaseUrl"),
    stripeUrl: read("stripeUrl"),
  };
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

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { redirect: "manual" });
    await response.arrayBuffer();
    return response.status < 500;
  } catch {
    return false;
  }
}

/** Starts the platform; resolves to its addresses and a stop function. */
export async function startPlatform(): Promise<{ platform: Platform; stop(): Promise<void> }> {
  const ports = {
    console: await freePort(),
    proxy: await freePort(),
    upstream: await freePort(),
    database: await freePort(),
  };
  const consoleUrl = `http://127.0.0.1:${ports.console}`;
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => {});
  };

  try {
    const serverUrl = process.env.DATABASE_URL;
    const database = serverUrl ? await createEmptyDatabase(serverUrl) : undefined;
    if (database) stops.push(() => database.drop());
    const relayHome = mkdtempSync(join(tmpdir(), "relay-e2e-"));
    stops.push(async () => rmSync(relayHome, { recursive: true, force: true }));
    const databaseUrl =
      database?.url ?? `postgresql://postgres:postgres@127.0.0.1:${ports.database}/postgres`;

    const stripeKeys = { secretKey: "sk_test_relay_e2e", webhookSecret: "whsec_relay_e2e" };
    const stripe: StripeDouble = await startStripeDouble({
      secretKey: stripeKeys.secretKey,
      webhook: { url: `${consoleUrl}/api/stripe/webhook`, secret: stripeKeys.webhookSecret },
    });
    stops.push(() => stripe.close());

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      RELAY_HOME: relayHome,
      RELAY_CONSOLE_PORT: String(ports.console),
      RELAY_PROXY_PORT: String(ports.proxy),
      RELAY_UPSTREAM_PORT: String(ports.upstream),
      RELAY_DATABASE_PORT: String(ports.database),
      RELAY_PROXY_PUBLIC_URL: `http://127.0.0.1:${ports.proxy}/v1`,
      RELAY_CONSOLE_PUBLIC_URL: consoleUrl,
      NEXTAUTH_URL: consoleUrl,
      STRIPE_SECRET_KEY: stripeKeys.secretKey,
      STRIPE_WEBHOOK_SECRET: stripeKeys.webhookSecret,
      STRIPE_API_BASE: stripe.apiBase,
      // A build folder of its own, so a developer's running console is left alone (two spec runs
      // at once each name their own, or the second finds the first's dev server and stops).
      RELAY_CONSOLE_DIST_DIR: process.env.RELAY_E2E_DIST_DIR ?? ".next/e2e",
      NEXT_TELEMETRY_DISABLED: "1",
    };
    if (database) env.DATABASE_URL = database.url;
    else delete env.DATABASE_URL;

    const child = spawn("pnpm", ["start"], {
      cwd: repoRoot,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const log: string[] = [];
    const keep = (chunk: Buffer) => {
      log.push(chunk.toString());
      if (log.length > 400) log.shift();
      if (process.env.E2E_VERBOSE) process.stderr.write(chunk);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    stops.push(() => stopGroup(child));

    // pnpm start builds the console first when its sources changed since the last build.
    const deadline = Date.now() + 600_000;
    const ready = [`${consoleUrl}/api/health`, `http://127.0.0.1:${ports.proxy}/healthz`];
    for (const url of ready) {
      while (!(await answers(url))) {
        if (child.exitCode !== null || Date.now() > deadline) {
          throw new Error(`pnpm start did not come up (${url}):\n${log.join("").slice(-6000)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    // Warm the sign-in pages, once, rather than inside the first spec's timeouts.
    for (const path of ["/sign-in", "/sign-up"]) await answers(`${consoleUrl}${path}`);

    return {
      platform: {
        consoleUrl,
        proxyUrl: `http://127.0.0.1:${ports.proxy}/v1`,
        upstreamUrl: `http://127.0.0.1:${ports.upstream}/v1`,
        databaseUrl,
        stripeUrl: stripe.apiBase,
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Ctrl-C, as in a terminal: SIGINT to the whole process group, then SIGKILL if it lingers. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const pid = child.pid;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-pid, "SIGINT");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }, 20_000);
  await exited;
  clearTimeout(timer);
}

export function exportPlatform(value: Platform): void {
  for (const key of Object.keys(ENV) as (keyof Platform)[]) process.env[ENV[key]] = value[key];
}
