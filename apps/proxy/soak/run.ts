// `pnpm soak [--duration 600] [--connections 16] [--warmup 60] [--seed 1]`: the proxy, the
// simulated upstream and the database as separate processes, under mixed traffic from several
// tenants' keys with faults injected, for --duration seconds. Then the proxy is stopped with
// SIGTERM while calls are in flight, and the run passes only if: the proxy's memory stayed
// roughly flat after warm-up, no call ended in an error that was not injected (or the small
// tenant's insufficient_quota), those in flight at SIGTERM finished, the proxy logged no internal
// error, and every tenant's money adds up to the micro-dollar with nothing left held.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatUsd } from "@relay/billing";
import { startService } from "../bench/processes.ts";
import { prepareRelayDatabase, type RelayDatabase } from "../bench/relay-database.ts";
import { startRelay, type Target } from "../bench/targets.ts";
import { checkMoney, type MoneyCheck } from "./money.ts";
import {
  judgeRss,
  RSS_GROWTH,
  RSS_JUDGE_MIN_SEC,
  type RssSample,
  type RssVerdict,
  sampleRss,
} from "./rss.ts";
import { createSoakTenants, type SoakTenant } from "./tenants.ts";
import {
  type CallResult,
  createCaller,
  FREE_SCENARIOS,
  type Outcome,
  runTraffic,
  SCENARIOS,
} from "./traffic.ts";

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} must be a positive integer, got "${raw}"`);
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
    seed: { type: "string" },
  },
});
const durationSec = positiveInt("duration", values.duration, 600);
const options = {
  durationSec,
  connections: positiveInt("connections", values.connections, 16),
  // Heap, pools and caches grow to the load first; memory is judged after that.
  warmupSec: positiveInt(
    "warmup",
    values.warmup,
    Math.min(60, Math.max(10, Math.round(durationSec / 5)), Math.ceil(durationSec / 3)),
  ),
  seed: positiveInt("seed", values.seed, 1),
};
if (options.warmupSec >= options.durationSec) {
  console.error("--warmup must be shorter than --duration");
  process.exit(2);
}

const app = resolve(import.meta.dirname, "..");
const logs = join(app, "soak/results/logs");
mkdirSync(logs, { recursive: true });
process.once("SIGINT", () => process.exit(130));
const log = (line: string) => console.error(`[soak] ${line}`);

/**
 * Calls held open across the SIGTERM: the upstream waits this long before its first byte, and the
 * signal goes out well after they reached the proxy (a call that arrived after it would be refused).
 */
const IN_FLIGHT_AT_STOP = { calls: 8, upstreamDelayMs: 4_000, stopAfterMs: 1_500 };

const tally = new Map<string, Map<Outcome, number>>();
const outcomesByTenant = new Map<string, number>();
const unexpected: CallResult[] = [];
const okIds: string[] = [];
const freeIds: string[] = [];
let calls = 0;
const record = (result: CallResult) => {
  calls += 1;
  const byOutcome = tally.get(result.scenario) ?? new Map<Outcome, number>();
  byOutcome.set(result.outcome, (byOutcome.get(result.outcome) ?? 0) + 1);
  tally.set(result.scenario, byOutcome);
  const tenantKey = `${result.tenant}:${result.outcome}`;
  outcomesByTenant.set(tenantKey, (outcomesByTenant.get(tenantKey) ?? 0) + 1);
  if (!result.expected) unexpected.push(result);
  if (!result.requestId) return;
  if (result.outcome === "ok") okIds.push(result.requestId);
  else if (FREE_SCENARIOS.has(result.scenario) && result.expected) freeIds.push(result.requestId);
};

const services: { stop(): Promise<unknown> }[] = [];
let database: RelayDatabase | undefined;
let rss: RssVerdict | undefined;
let rssSamples: RssSample[] = [];
let money: MoneyCheck | undefined;
let tenants: SoakTenant[] = [];
let proxyGone = false;
let graceful = false;
let stopNote = "";
let inFlightAtStop: CallResult[] = [];
let internalErrors: string[] = [];
const loadAverage = loadavg()[0] ?? 0;
const startedAt = Date.now();

try {
  log("starting the simulated upstream (faults from the request body)");
  const sim = await startService({
    name: "upstream-sim",
    args: ["--import", "tsx", join(app, "../../packages/upstream-sim/src/main.ts")],
    cwd: app,
    // Paced like a fast model, so clients can hang up mid-stream.
    env: {
      PORT: "0",
      HOST: "127.0.0.1",
      SIM_LATENCY_MS: "5",
      SIM_TOKENS_PER_SECOND: "400",
      SIM_BODY_FAULTS: "1",
    },
    ready: /listening on (http:\/\/\S+)\/v1/,
    logFile: join(logs, "upstream-sim.log"),
  });
  services.push(sim);
  log(`preparing the database (${process.env.DATABASE_URL ? "DATABASE_URL" : "embedded"})`);
  const upstream = `${sim.ready}/v1`;
  database = await prepareRelayDatabase(
    process.env.DATABASE_URL || undefined,
    { fast: upstream, paced: upstream, slow: upstream },
    { app, logs },
  );
  tenants = await createSoakTenants(database.database.url);
  // The engine the environment names (REDIS_URL is passed through as it is); on the embedded
  // database, holds in memory, as `pnpm start` runs it.
  const relay: Target = await startRelay(
    { app, logs },
    { name: "soak", env: process.env.DATABASE_URL ? {} : { RELAY_HOLDS: "memory" } },
    database.database.url,
    database.key,
  );
  services.push(relay.service);

  log(
    `${options.durationSec}s of traffic from ${options.connections} connections, ${tenants.length} tenants x ${tenants[0]?.keys.length} keys (warm-up ${options.warmupSec}s)`,
  );
  const loadStart = Date.now();
  const sampler = sampleRss(relay.service.pid, 2_000, loadStart);
  const progress = setInterval(() => {
    const last = sampler.samples.at(-1);
    log(
      `${Math.round((Date.now() - loadStart) / 1000)}s: ${calls} calls, ${unexpected.length} unexpected, RSS ${mib(last?.bytes ?? 0)}`,
    );
  }, 30_000);
  const caller = createCaller(relay.origin);
  try {
    await runTraffic(
      {
        origin: relay.origin,
        tenants,
        deadline: loadStart + options.durationSec * 1000,
        workers: options.connections,
        seed: options.seed,
        onResult: record,
      },
      caller,
    );
  } finally {
    clearInterval(progress);
    sampler.stop();
  }
  proxyGone = sampler.gone();
  rssSamples = sampler.samples;
  rss = judgeRss(rssSamples, options.warmupSec);

  log(`stopping the proxy with SIGTERM while ${IN_FLIGHT_AT_STOP.calls} calls are in flight`);
  const payer = tenants.find((t) => !t.runsOut);
  const slow = {
    name: "in flight at SIGTERM",
    weight: 0,
    endpoint: "/v1/chat/completions",
    stream: true,
    expected: ["ok"],
  } as const;
  const body = JSON.stringify({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "Finish this even while the proxy stops." }],
    max_tokens: 32,
    stream: true,
    metadata: { sim_fault: `slow:${IN_FLIGHT_AT_STOP.upstreamDelayMs}` },
  });
  const pending = Array.from({ length: IN_FLIGHT_AT_STOP.calls }, (_, i) =>
    caller.call(slow, payer?.keys[i % payer.keys.length] ?? "", body),
  );
  await new Promise((done) => setTimeout(done, IN_FLIGHT_AT_STOP.stopAfterMs));
  const [stopped, finished] = await Promise.all([relay.service.stop(), Promise.all(pending)]);
  await caller.close();
  graceful = !stopped.killed && stopped.code === 0;
  if (!graceful) {
    stopNote = stopped.killed
      ? `it did not exit within ${Math.round(stopped.ms / 1000)}s of SIGTERM and was killed`
      : `it exited with code ${stopped.code}`;
  }
  inFlightAtStop = finished.map((r) => ({
    ...r,
    tenant: payer?.name ?? "",
    expected: r.outcome === "ok",
  }));
  for (const r of inFlightAtStop) if (r.outcome === "ok" && r.requestId) okIds.push(r.requestId);

  money = await checkMoney(database.database.url, tenants, { ok: okIds, free: freeIds });
  // Anything the proxy logged as an internal error (a 500 it answered, a settlement that failed).
  internalErrors = readFileSync(join(logs, "relay-soak.log"), "utf8")
    .split("\n")
    .filter((line) => /^\[req_[0-9a-f]+\]|settlement failed|Unhandled|uncaught/i.test(line));
} finally {
  for (const service of services.reverse()) await service.stop().catch(() => {});
  await database?.database.drop().catch(() => {});
}

// ---------------------------------------------------------------------------------------------
// The report

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

const seconds = (Date.now() - startedAt) / 1000;
console.log(
  `# Relay soak: ${options.durationSec}s, ${options.connections} connections, seed ${options.seed} (load average ${loadAverage.toFixed(1)} at start)`,
);
console.log(
  `${calls} calls sent (${(calls / options.durationSec).toFixed(1)}/s), ${unexpected.length} unexpected; logs in soak/results/logs/\n`,
);
console.log("| scenario | calls | outcomes |");
console.log("| --- | ---: | --- |");
for (const scenario of SCENARIOS) {
  const outcomes = tally.get(scenario.name) ?? new Map<Outcome, number>();
  const total = [...outcomes.values()].reduce((a, b) => a + b, 0);
  const parts = [...outcomes.entries()].sort(([, a], [, b]) => b - a).map(([o, n]) => `${o} ${n}`);
  console.log(`| ${scenario.name} | ${total} | ${parts.join(", ")} |`);
}
// A call refused for want of money never reached the upstream: no fault was injected into it.
const faults = SCENARIOS.filter((s) => s.fault || s.disconnectAfterEvents !== undefined).map(
  (s) => {
    const outcomes = tally.get(s.name) ?? new Map<Outcome, number>();
    const total = [...outcomes.values()].reduce((a, b) => a + b, 0);
    return [s.name, total - (outcomes.get("insufficient-quota") ?? 0)] as const;
  },
);
console.log(
  `\nFaults injected: ${faults.reduce((sum, [, n]) => sum + n, 0)} (${faults.map(([name, n]) => `${name.replace("fault: ", "")} ${n}`).join(", ")}).`,
);
for (const u of unexpected.slice(0, 10)) {
  console.log(
    `Unexpected: ${u.scenario} (${u.tenant}): ${u.outcome} ${u.status} ${u.requestId ?? ""} ${u.detail ?? ""}`,
  );
}

const inFlightOk = inFlightAtStop.filter((r) => r.outcome === "ok").length;
console.log(
  `\nSIGTERM with ${inFlightAtStop.length} calls in flight: ${inFlightOk} finished with [DONE]; the proxy ${graceful ? "stopped gracefully" : `did not stop gracefully: ${stopNote}`}.`,
);
if (rss) {
  console.log(
    `Proxy RSS: first ${mib(rss.first)}, max ${mib(rss.max)}, last ${mib(rss.last)}; median of the first third after warm-up ${mib(rss.afterWarmup)} -> of the last third ${mib(rss.atEnd)} (${mib(rss.atEnd - rss.afterWarmup)} growth, ${rss.judged ? `allowed ${mib(rss.allowed)}: ${mib(RSS_GROWTH.fixedBytes)} or ${RSS_GROWTH.fraction * 100}%` : `not judged: under ${RSS_JUDGE_MIN_SEC}s after warm-up, too short to tell a leak from the heap's first growth`})${proxyGone ? "; THE PROXY EXITED DURING THE RUN" : ""}`,
  );
}
if (internalErrors.length > 0) {
  console.log(`The proxy logged ${internalErrors.length} internal errors, e.g.:`);
  for (const line of internalErrors.slice(0, 5)) console.log(`  ${line}`);
}
if (money) {
  console.log(
    "\n| tenant | credit | charged | balance | sum(ledger) | records | held | open holds | ok |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
  for (const t of money.tenants) {
    console.log(
      `| ${t.name} | ${formatUsd(t.credit)} | ${formatUsd(t.charged)} | ${formatUsd(t.balance)} | ${formatUsd(t.ledger)} | ${t.records} | ${t.held} | ${t.openHolds} | ${t.ok ? "yes" : "NO"} |`,
    );
  }
  const ranOut = tenants
    .filter((t) => t.runsOut)
    .map(
      (t) =>
        `${t.name} was refused ${countOutcome(t.name, "insufficient-quota")} calls with insufficient_quota`,
    );
  console.log(
    `\n${okIds.length} successful calls all charged: ${money.uncharged.length === 0 ? "yes" : `NO (${money.uncharged.length} not, e.g. ${money.uncharged.slice(0, 3).join(", ")})`}; ${freeIds.length} calls that failed before any output charged nothing: ${money.chargedForNothing.length === 0 ? "yes" : `NO (${money.chargedForNothing.slice(0, 3).join(", ")})`}. ${ranOut.join("; ")}.`,
  );
}

function countOutcome(tenant: string, outcome: Outcome): number {
  return outcomesByTenant.get(`${tenant}:${outcome}`) ?? 0;
}

const failures = [
  unexpected.length > 0 && `${unexpected.length} calls ended in an error that was not injected`,
  proxyGone && "the proxy exited during the run",
  rss && !rss.ok && "the proxy's RSS grew beyond the bound after warm-up",
  !graceful && "the proxy did not stop gracefully on SIGTERM",
  inFlightOk !== IN_FLIGHT_AT_STOP.calls && "calls in flight at SIGTERM did not all finish",
  internalErrors.length > 0 && "the proxy logged internal errors",
  !money?.ok && "the money does not add up",
].filter((f): f is string => typeof f === "string");
// The figures for later comparison (money as decimal strings: JSON has no bigint).
writeFileSync(
  join(app, "soak/results/latest.json"),
  `${JSON.stringify(
    {
      options,
      calls,
      outcomes: Object.fromEntries([...tally].map(([name, o]) => [name, Object.fromEntries(o)])),
      unexpected: unexpected.slice(0, 100),
      rss: { verdict: rss, samples: rssSamples },
      money: money?.tenants.map((t) => ({
        ...t,
        credit: formatUsd(t.credit),
        charged: formatUsd(t.charged),
        balance: formatUsd(t.balance),
        ledger: formatUsd(t.ledger),
        held: formatUsd(t.held),
      })),
      failures,
    },
    null,
    2,
  )}\n`,
);
console.log(
  failures.length === 0
    ? `\nSOAK PASSED in ${seconds.toFixed(0)}s.`
    : `\nSOAK FAILED: ${failures.join("; ")}.`,
);
console.log("JSON: soak/results/latest.json");
process.exit(failures.length === 0 ? 0 : 1);
