// `pnpm bench [--duration 10] [--connections 50] [--warmup 5] [--streams 1000] [--rounds 4]
// [--engines embedded,postgres+redis] [--smoke]`: the
// Relay proxy (its production bundle) against the bare floor (direct upstream, an undici
// pass-through) and a peer (Portkey), on the same simulated upstreams, each in its own process,
// on every engine available (embedded always; PostgreSQL, with Redis, when DATABASE_URL and
// REDIS_URL are set). Per engine: closed-loop throughput and CPU, open-loop latency at half the
// pass-through's saturation, stream time-to-first-byte and inter-event gaps, the proxy's memory
// with many streams open, and a check that Relay charged every call it answered.
// --smoke: a few seconds per target, so CI keeps the benchmark working (its figures mean nothing).
import { mkdirSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type BenchOptions, measureEngine, measureFloor } from "./engine-run.ts";
import { enginesFromEnv } from "./engines.ts";
import { type BenchReport, writeJson } from "./report.ts";
import { formatReport } from "./report-format.ts";
import { measureStalls } from "./stalls.ts";
import {
  startPassthrough,
  startPortkey,
  startUpstream,
  type Target,
  type TargetName,
} from "./targets.ts";

function nonNegativeInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} must be a non-negative integer, got "${raw}"`);
    process.exit(2);
  }
  return value;
}

// pnpm may pass a lone "--" through to the script; it is not an option terminator here.
const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    duration: { type: "string" },
    connections: { type: "string" },
    warmup: { type: "string" },
    streams: { type: "string" },
    rounds: { type: "string" },
    engines: { type: "string" },
    smoke: { type: "boolean" },
  },
});
const smoke = values.smoke === true;
const options: BenchOptions = {
  smoke,
  durationSec: nonNegativeInt("duration", values.duration, smoke ? 2 : 10) || 10,
  connections: nonNegativeInt("connections", values.connections, smoke ? 10 : 50) || 50,
  warmupSec: nonNegativeInt("warmup", values.warmup, smoke ? 0 : 5),
  openStreams: nonNegativeInt("streams", values.streams, smoke ? 50 : 1000) || 1000,
  timedStreams: smoke ? 10 : 200,
  rounds: nonNegativeInt("rounds", values.rounds, smoke ? 1 : 4) || 1,
};

const app = resolve(import.meta.dirname, "..");
const results = join(app, "bench/results");
const paths = { app, logs: join(results, "logs") };
mkdirSync(paths.logs, { recursive: true });
process.once("SIGINT", () => process.exit(130));

const log = (line: string) => console.error(`[bench] ${line}`);
const skipped: BenchReport["skipped"] = [];
const notes: string[] = [];
const running: Target[] = [];

async function startOrSkip(name: TargetName, start: () => Promise<Target>): Promise<void> {
  try {
    running.push(await start());
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    skipped.push({ target: name, reason });
    log(`${name} skipped: ${reason}`);
  }
}

const startedAt = new Date().toISOString();
// Other work on the machine skews every number; the load average says how busy it was.
const loadAverage = loadavg()[0] ?? 0;
// Before anything starts: how still this machine keeps a running thread (stalls.ts).
log("measuring the machine's own stalls");
const stalls = measureStalls(smoke ? 0.5 : 3);
const report: BenchReport = {
  startedAt,
  machine: {
    cpus: availableParallelism(),
    loadAverage,
    node: process.version,
    platform: process.platform,
    stalls,
  },
  options,
  skipped,
  floor: [],
  streamFloor: null,
  engines: [],
  notes,
};
let failed = false;
let pacedPassthrough: Target | undefined;
try {
  log("starting the simulated upstreams");
  const upstream = await startUpstream(paths);
  // 50 events a second (a 20 ms rhythm to keep) and 2 a second (streams that stay open).
  const paced = await startUpstream(paths, { name: "upstream-paced", tokensPerSecond: 50 });
  const slow = await startUpstream(paths, { name: "upstream-slow", tokensPerSecond: 2 });
  running.push(upstream, paced, slow);
  await startOrSkip("passthrough", () => startPassthrough(paths, upstream.origin));
  // A second pass-through, to the paced upstream: the time to first byte a bare hop adds.
  if (running.some((t) => t.name === "passthrough")) {
    pacedPassthrough = await startPassthrough(paths, paced.origin, "passthrough-paced");
  }
  await startOrSkip("portkey", () => startPortkey(paths, upstream.origin));
  if (running.some((t) => t.name === "portkey")) {
    notes.push(
      "Portkey runs with bench/portkey-headers-shim.mjs: without it every streamed call fails on Node (Portkey-AI/gateway#1389). Its stream relay also waits 25 ms before the first event, by design.",
    );
  }
  const floorTargets = [upstream, ...running.filter((t) => t.name !== "direct")];
  const floor = await measureFloor(floorTargets, { upstream, paced }, options, log);
  Object.assign(report, floor);
  // Portkey is measured only in the floor: stopped now, it takes nothing from Relay's runs.
  const portkey = running.findIndex((t) => t.name === "portkey");
  if (portkey >= 0) await running.splice(portkey, 1)[0]?.service.stop();

  const wanted = values.engines?.split(",").map((name) => name.trim());
  const engines = enginesFromEnv(process.env).filter((e) => !wanted || wanted.includes(e.name));
  if (engines.length === 0) throw new Error(`--engines ${values.engines}: no such engine here`);
  for (const engine of engines) {
    const measured = await measureEngine(
      engine,
      {
        paths,
        upstream,
        paced,
        slow,
        floor,
        passthrough: running.find((t) => t.name === "passthrough"),
        pacedPassthrough,
      },
      options,
      log,
    );
    report.engines.push(measured);
    if (measured.chargeCheck && !measured.chargeCheck.ok) failed = true;
    if (measured.skipped) failed = true;
  }
} finally {
  await Promise.all([...running, pacedPassthrough].map((t) => t?.service.stop()));
}

console.log(formatReport(report));
writeJson(join(results, smoke ? "smoke.json" : "latest.json"), report);
console.log(`\nJSON: bench/results/${smoke ? "smoke" : "latest"}.json`);
process.exit(failed ? 1 : 0);
