// `pnpm bench [--duration 10] [--connections 50] [--warmup 5]`: the Relay proxy against the bare
// floor (direct upstream, an undici pass-through) and a peer (Portkey), on one simulated upstream,
// each in its own process; then a check that Relay charged every call it answered.
import { mkdirSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type ChargeCheck, checkCharges } from "./charge-check.ts";
import { measure } from "./load.ts";
import { prepareRelayDatabase, type RelayDatabase } from "./relay-database.ts";
import {
  type BenchReport,
  formatChargeCheck,
  formatWorkload,
  ratios,
  type TargetResult,
  targetResult,
  type WorkloadResult,
  writeJson,
} from "./report.ts";
import {
  startPassthrough,
  startPortkey,
  startRelay,
  startUpstream,
  type Target,
  type TargetName,
} from "./targets.ts";
import { WORKLOADS } from "./workloads.ts";

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
  },
});
const options = {
  durationSec: nonNegativeInt("duration", values.duration, 10) || 10,
  connections: nonNegativeInt("connections", values.connections, 50) || 50,
  warmupSec: nonNegativeInt("warmup", values.warmup, 5),
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
let relayDb: RelayDatabase | undefined;
let relay: Target | undefined;

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
let chargeCheck: ChargeCheck | null = null;
const workloads: WorkloadResult[] = [];
try {
  log("starting the simulated upstream");
  const upstream = await startUpstream(paths);
  running.push(upstream);
  log(`preparing the Relay database (${process.env.DATABASE_URL ? "DATABASE_URL" : "embedded"})`);
  const database = await prepareRelayDatabase(`${upstream.origin}/v1`);
  relayDb = database;
  await startOrSkip("passthrough", () => startPassthrough(paths, upstream.origin));
  await startOrSkip("relay", () => startRelay(paths, database.database.url, database.key));
  await startOrSkip("portkey", () => startPortkey(paths, upstream.origin));
  relay = running.find((t) => t.name === "relay");
  if (running.some((t) => t.name === "portkey")) {
    notes.push(
      "Portkey runs with bench/portkey-headers-shim.mjs: without it every streamed call fails on Node (Portkey-AI/gateway#1389). Its stream relay also waits 25 ms before the first event, by design.",
    );
  }

  // Processes whose CPU is sampled around each measured run.
  const watch = (target: Target): Record<string, number> => ({
    ...(target === upstream ? {} : { proxy: target.service.pid }),
    upstream: upstream.service.pid,
    ...(database.database.engine === "pglite" ? { db: process.pid } : {}),
  });
  const relaySeen: { requestIds: string[]; sent: number } = { requestIds: [], sent: 0 };

  for (const workload of WORKLOADS) {
    const measured: TargetResult[] = [];
    for (const target of running) {
      log(
        `${workload.name}: ${target.label} (${options.warmupSec}s warm-up, ${options.durationSec}s)`,
      );
      const m = await measure(
        {
          origin: target.origin,
          path: target.path,
          headers: target.headers,
          body: workload.body,
          connections: options.connections,
          durationSec: options.durationSec,
          warmupSec: options.warmupSec,
          collectRequestIds: target.name === "relay",
        },
        watch(target),
      );
      if (target.name === "relay") {
        for (const id of m.requestIds) relaySeen.requestIds.push(id);
        relaySeen.sent += m.warmup.sent + m.measured.sent;
      }
      measured.push(targetResult(target.name, target.label, m));
    }
    workloads.push({
      workload: workload.name,
      title: workload.title,
      targets: measured,
      ratios: ratios(measured),
    });
  }

  if (relay) {
    log("stopping Relay (SIGTERM: finishes calls in flight, flushes settlements)");
    const stopped = await relay.service.stop();
    const graceful = !stopped.killed && stopped.code === 0;
    if (!graceful) {
      notes.push(
        stopped.killed
          ? `Relay did not finish its graceful stop within ${Math.round(stopped.ms / 1000)} s of SIGTERM and was killed`
          : `Relay exited with code ${stopped.code} on SIGTERM`,
      );
    }
    chargeCheck = await checkCharges(database.database.url, database.tenantId, relaySeen, graceful);
  }
} finally {
  await Promise.all(running.map((t) => t.service.stop()));
  await relayDb?.database.drop().catch(() => {});
}

const report: BenchReport = {
  startedAt,
  machine: {
    cpus: availableParallelism(),
    loadAverage,
    node: process.version,
    platform: process.platform,
  },
  options,
  database:
    relayDb?.database.engine === "postgres"
      ? "PostgreSQL (DATABASE_URL)"
      : "embedded PGlite, served by the bench process",
  skipped,
  workloads,
  chargeCheck,
  notes,
};

console.log(
  `# Relay proxy benchmark: ${options.durationSec}s per target after ${options.warmupSec}s warm-up, ${options.connections} connections, ${report.machine.cpus} CPUs (load average ${loadAverage.toFixed(1)} at start), Node ${process.version}`,
);
console.log(`Relay's database: ${report.database}. Logs: bench/results/logs/\n`);
for (const s of skipped) console.log(`Not measured: ${s.target}: ${s.reason}\n`);
for (const w of workloads) console.log(`${formatWorkload(w)}\n`);
console.log(formatChargeCheck(chargeCheck));
for (const note of notes) console.log(`Note: ${note}`);
writeJson(join(results, "latest.json"), report);
console.log("\nJSON: bench/results/latest.json");
process.exit(chargeCheck && !chargeCheck.ok ? 1 : 0);
