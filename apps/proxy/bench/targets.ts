// The four things measured against one simulated upstream, each in its own process: the upstream
// itself, a bare undici pass-through, the Relay proxy, and the Portkey gateway.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { bundledAppArgs } from "@relay/db/paths";
import { freePort, type Service, startService } from "./processes.ts";

export type TargetName = "direct" | "passthrough" | "relay" | "portkey";

export interface Target {
  name: TargetName;
  label: string;
  /** Origin, e.g. http://127.0.0.1:4010. */
  origin: string;
  path: string;
  headers: Record<string, string>;
  service: Service;
}

export interface Paths {
  /** apps/proxy */
  app: string;
  logs: string;
}

const TSX = ["--import", "tsx"];
/** Any non-empty key: the simulator checks only that one is sent. */
const UPSTREAM_KEY = "Bearer sk-sim";

/**
 * A simulated upstream. With no pace it answers as fast as it can (the simulator's defaults);
 * a paced one streams `tokensPerSecond` tokens a second, one event each.
 */
export async function startUpstream(
  paths: Paths,
  pace: { name: string; tokensPerSecond: number } = { name: "upstream-sim", tokensPerSecond: 0 },
): Promise<Target> {
  const service = await startService({
    name: pace.name,
    args: [...TSX, join(paths.app, "../../packages/upstream-sim/src/main.ts")],
    cwd: paths.app,
    env: {
      PORT: "0",
      HOST: "127.0.0.1",
      SIM_LATENCY_MS: "0",
      SIM_TOKENS_PER_SECOND: String(pace.tokensPerSecond),
    },
    ready: /listening on (http:\/\/\S+)\/v1/,
    logFile: join(paths.logs, `${pace.name}.log`),
  });
  return {
    name: "direct",
    label: "direct (simulated upstream)",
    origin: service.ready,
    path: "/v1/chat/completions",
    headers: { authorization: UPSTREAM_KEY },
    service,
  };
}

/**
 * RELAY_BENCH_CPU_PROF=<dir>: node flags writing CPU profiles into <dir>/<name> when the target
 * stops (one per thread: the largest is the main one). RELAY_BENCH_NODE_FLAGS: node flags for the
 * Relay proxy alone (space-separated), to try a V8 setting or load a sampling hook.
 */
function cpuProfile(name: string): string[] {
  const dir = process.env.RELAY_BENCH_CPU_PROF;
  const flags = name.startsWith("relay") ? process.env.RELAY_BENCH_NODE_FLAGS?.trim() : undefined;
  return [
    ...(flags ? flags.split(/\s+/) : []),
    ...(dir ? ["--cpu-prof", "--cpu-prof-dir", join(dir, name)] : []),
  ];
}

/** The bare pass-through to `upstream`; `process` names its process and log (one per upstream). */
export async function startPassthrough(
  paths: Paths,
  upstream: string,
  process = "passthrough",
): Promise<Target> {
  const service = await startService({
    name: process,
    // Profiled beside Relay (RELAY_BENCH_CPU_PROF), to compare the work they share.
    args: [...cpuProfile(process), ...TSX, join(paths.app, "bench/passthrough.ts")],
    cwd: paths.app,
    env: { PORT: "0", UPSTREAM_ORIGIN: upstream },
    ready: /listening on (http:\/\/\S+)/,
    logFile: join(paths.logs, `${process}.log`),
  });
  return {
    name: "passthrough",
    label: "bare pass-through (undici)",
    origin: service.ready,
    path: "/v1/chat/completions",
    headers: { authorization: UPSTREAM_KEY },
    service,
  };
}

/** The Relay proxy as it runs in production: its built bundle (tooling/build), no tsx. */
export async function startRelay(
  paths: Paths,
  engine: { name: string; env: Record<string, string> },
  databaseUrl: string,
  key: string,
): Promise<Target> {
  const port = await freePort();
  const service = await startService({
    name: `relay-${engine.name}`,
    // RELAY_BENCH_CPU_PROF=<dir>: a V8 CPU profile of the proxy (written when it stops), to see
    // where its time per request goes; open it in Chrome DevTools or speedscope.
    // With the V8 flags it runs with everywhere (tooling/build/node-flags.json).
    args: [...cpuProfile(`relay-${engine.name}`), ...bundledAppArgs("proxy")],
    cwd: paths.app,
    env: { ...engine.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1" },
    ready: /listening on (http:\/\/\S+)\/v1/,
    logFile: join(paths.logs, `relay-${engine.name}.log`),
  });
  return {
    name: "relay",
    label: "Relay proxy",
    origin: service.ready,
    path: "/v1/chat/completions",
    headers: { authorization: `Bearer ${key}` },
    service,
  };
}

/** The gateway's entry script, wherever the installed version keeps it. */
export function findPortkey(app: string): { entry: string; version: string } | undefined {
  const require = createRequire(join(app, "package.json"));
  let manifest: string;
  try {
    manifest = require.resolve("@portkey-ai/gateway/package.json");
  } catch {
    return undefined;
  }
  const entry = join(dirname(manifest), "build/start-server.js");
  const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };
  return existsSync(entry) ? { entry, version } : undefined;
}

export async function startPortkey(paths: Paths, upstream: string): Promise<Target> {
  const portkey = findPortkey(paths.app);
  if (!portkey) throw new Error("@portkey-ai/gateway is not installed (build/start-server.js)");
  const port = await freePort();
  const service = await startService({
    name: "portkey",
    // It reads only `--port=P` (a separate `--port P` is ignored: it listens on 8787);
    // --headless leaves out its UI and log-streaming console, as in production.
    args: [
      "--import",
      join(paths.app, "bench/portkey-headers-shim.mjs"),
      portkey.entry,
      `--port=${port}`,
      "--headless",
    ],
    cwd: paths.app,
    env: { NODE_ENV: "production" },
    ready: /(Ready for connections)/,
    logFile: join(paths.logs, "portkey.log"),
  });
  return {
    name: "portkey",
    label: `Portkey gateway ${portkey.version}`,
    origin: `http://127.0.0.1:${port}`,
    path: "/v1/chat/completions",
    headers: {
      authorization: UPSTREAM_KEY,
      "x-portkey-provider": "openai",
      "x-portkey-custom-host": `${upstream}/v1`,
    },
    service,
  };
}
