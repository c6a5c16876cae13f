// Turns measurements into the tables printed after a run and the JSON kept in results/.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { ChargeCheck } from "./charge-check.ts";
import type { Measurement } from "./load.ts";
import type { OpenLoopResult, OpenStreamsResult, StreamTimingResult } from "./probes.ts";
import type { Stalls } from "./stalls.ts";
import type { TargetName } from "./targets.ts";

export interface TargetResult {
  target: TargetName;
  label: string;
  workload: string;
  rps: number;
  latencyMs: Measurement["measured"]["latencyMs"];
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** CPU microseconds per completed request, by process: proxy, upstream, db, load. */
  cpuMicrosPerRequest: Record<string, number>;
}

export interface Ratio {
  name: string;
  /** Throughput of the first over the second; null when either was not measured. */
  rps: number | null;
  /** Median latency of the first over the second. */
  p50: number | null;
  /** The first's proxy CPU per request over the second's. */
  cpu: number | null;
}

export interface WorkloadResult {
  workload: string;
  title: string;
  targets: TargetResult[];
  ratios: Ratio[];
}

export interface OpenLoopRow {
  target: TargetName;
  label: string;
  result: OpenLoopResult;
  /** The share of the machine's CPU in use during the run (0..1), where /proc tells. */
  machineBusy?: number;
  /** The share of the machine's CPU its host took meanwhile (steal), where /proc tells. */
  machineStolen?: number;
}

/** Measured once per run: what Relay is compared with. */
export interface FloorReport {
  floor: TargetResult[];
  /** Half the pass-through's saturation at the start: the open loop's rate if none is paired. */
  openLoopRate: number;
  streamFloor: StreamTimingResult | null;
}

export interface EngineReport {
  engine: string;
  label: string;
  workloads: WorkloadResult[];
  /**
   * The open loop's offered rate: half the pass-through's chat saturation measured beside Relay
   * on this engine (the machine's speed drifts over a run).
   */
  openLoopRate: number | null;
  /** Direct and through the pass-through at that rate, run right before Relay's. */
  openLoopFloor: OpenLoopRow[];
  openLoop: OpenLoopRow | null;
  streamTiming: StreamTimingResult | null;
  /** The same paced streams through the bare pass-through, timed right before Relay's. */
  streamPassthrough: StreamTimingResult | null;
  openStreams: (OpenStreamsResult & { rssBeforeMb: number; rssOpenMb: number }) | null;
  chargeCheck: ChargeCheck | null;
  /** Why this engine's run broke off, if it did. */
  skipped: string | null;
}

export interface BenchReport extends Omit<FloorReport, "openLoopRate"> {
  startedAt: string;
  machine: {
    cpus: number;
    loadAverage: number;
    node: string;
    platform: string;
    /** A thread spinning alone before anything started: how often and how long it was stopped. */
    stalls?: Stalls;
  };
  options: {
    durationSec: number;
    warmupSec: number;
    connections: number;
    smoke: boolean;
    /** Absent in reports from before rounds. */
    rounds?: number;
  };
  openLoopRate?: number;
  skipped: { target: TargetName; reason: string }[];
  engines: EngineReport[];
  notes: string[];
}

export function targetResult(
  target: TargetName,
  label: string,
  m: Measurement,
  workload: string,
): TargetResult {
  const completed = m.measured.ok2xx + m.measured.non2xx;
  const cpuMicrosPerRequest: Record<string, number> = {};
  for (const [role, seconds] of Object.entries(m.cpu)) {
    if (completed > 0) cpuMicrosPerRequest[role] = (seconds * 1e6) / completed;
  }
  return {
    target,
    label,
    workload,
    rps: m.measured.rps,
    latencyMs: m.measured.latencyMs,
    ok2xx: m.measured.ok2xx,
    non2xx: m.measured.non2xx,
    errors: m.measured.errors,
    timeouts: m.measured.timeouts,
    statusCodes: m.measured.statusCodes,
    cpuMicrosPerRequest,
  };
}

export function ratios(targets: TargetResult[]): Ratio[] {
  const find = (name: TargetName) => targets.find((t) => t.target === name);
  const ratio = (name: string, a: TargetName, b: TargetName): Ratio => {
    const x = find(a);
    const y = find(b);
    const valid = x && y && y.rps > 0 && y.latencyMs.p50 > 0;
    const cpuX = x?.cpuMicrosPerRequest.proxy;
    const cpuY = y?.cpuMicrosPerRequest.proxy;
    return {
      name,
      rps: valid ? x.rps / y.rps : null,
      p50: valid ? x.latencyMs.p50 / y.latencyMs.p50 : null,
      cpu: cpuX !== undefined && cpuY ? cpuX / cpuY : null,
    };
  };
  return [
    ratio("Relay vs pass-through", "relay", "passthrough"),
    ratio("Relay vs Portkey", "relay", "portkey"),
    ratio("pass-through vs direct", "passthrough", "direct"),
  ];
}

export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  const line = (r: string[]) =>
    `| ${r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`;
  const [head, ...body] = rows;
  return [line(head ?? []), rule, ...body.map(line)].join("\n");
}

export const fixed = (n: number, digits: number) => n.toFixed(digits);
const micros = (n: number | undefined) => (n === undefined ? "-" : fixed(n, 0));
const times = (n: number | null) => (n === null ? "n/a" : `${fixed(n, 2)}x`);

export function formatWorkload(w: WorkloadResult): string {
  const rows = [
    [
      "target",
      "req/s",
      "p50 ms",
      "p99 ms",
      "2xx",
      "non-2xx",
      "errors",
      "CPU us/req: proxy",
      "upstream",
      "db",
      "load gen",
    ],
    ...w.targets.map((t) => [
      t.label,
      fixed(t.rps, 0),
      fixed(t.latencyMs.p50, 1),
      fixed(t.latencyMs.p99, 1),
      String(t.ok2xx),
      String(t.non2xx),
      String(t.errors),
      micros(t.cpuMicrosPerRequest.proxy),
      micros(t.cpuMicrosPerRequest.upstream),
      micros(t.cpuMicrosPerRequest.db),
      micros(t.cpuMicrosPerRequest.load),
    ]),
  ];
  const ratioLines = w.ratios.map(
    (r) =>
      `  ${r.name.padEnd(24)} req/s ${times(r.rps).padStart(6)}   p50 ${times(r.p50).padStart(6)}   proxy CPU/req ${times(r.cpu)}`,
  );
  return [`### ${w.title}`, "", table(rows), "", ...ratioLines].join("\n");
}

export function formatChargeCheck(c: ChargeCheck | null): string {
  if (!c) return "### Relay billing check\n\n  not run (Relay was not measured)";
  const verdict = (ok: boolean) => (ok ? "PASS" : "FAIL");
  const lines = [
    `### Relay billing check: ${verdict(c.ok)}`,
    "",
    `  every 2xx charged, balance == sum(ledger): ${verdict(c.charged)}`,
    `  graceful stop on SIGTERM, no hold left open: ${verdict(c.graceful && c.openHolds === 0 && c.held === 0n)}`,
    "",
    `  2xx seen by the load generator:     ${c.seen2xx} (of ${c.sent} sent, warm-ups included)`,
    `  usage_records for the bench tenant: ${c.records}`,
    `  2xx without a charged record:       ${c.uncharged}`,
    `  records the client never saw finish: ${c.unseen} (in flight when a run's time was up)`,
    `  records == 2xx seen:                ${c.records === c.seen2xx ? "yes" : `no (differ by ${c.records - c.seen2xx})`}`,
    `  open holds (calls never settled):   ${c.openHolds}, tenant.held: ${c.held}`,
    `  sent - (2xx seen + unseen records + open holds): ${c.sent - (c.seen2xx + c.unseen + c.openHolds)} (calls cut off when a run's time was up, before Relay admitted them)`,
    `  balance ${c.balance} == sum(ledger) ${c.ledger}: ${c.balance === c.ledger ? "yes" : "NO"}`,
  ];
  for (const s of c.serverSide) {
    lines.push(
      `  Relay's own timing (${s.stream ? "stream" : "non-stream"}): received -> upstream headers p50 ${fixed(s.firstByteP50, 1)} ms, -> settled p50 ${fixed(s.latencyP50, 1)} ms, p99 ${fixed(s.latencyP99, 1)} ms`,
    );
  }
  return lines.join("\n");
}

export function writeJson(path: string, report: BenchReport): void {
  mkdirSync(dirname(path), { recursive: true });
  const json = JSON.stringify(
    report,
    (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value),
    2,
  );
  writeFileSync(path, `${json}\n`);
}
