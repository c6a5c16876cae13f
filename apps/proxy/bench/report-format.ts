// The printed report: per engine, the throughput tables with their ratios, then the open-loop
// latency, stream timing and memory tables, and the billing check.

import type { Percentiles } from "./probes.ts";
import {
  type BenchReport,
  type EngineReport,
  fixed,
  formatChargeCheck,
  formatWorkload,
  table,
} from "./report.ts";
import { secondsPerRound } from "./rounds.ts";
import type { Stalls } from "./stalls.ts";

const ms = (n: number) => fixed(n, 2);
const delta = (a: number, b: number) => `${a - b >= 0 ? "+" : ""}${fixed(a - b, 2)}`;

function openLoopTable(engine: EngineReport): string {
  const rows = [
    [
      "target",
      "sent",
      "2xx",
      "non-2xx",
      "errors",
      "p50 ms",
      "p90 ms",
      "p99 ms",
      "max ms",
      "load gen CPU us/req",
      "machine CPU busy",
      "taken by the host",
    ],
  ];
  const all = [...engine.openLoopFloor, ...(engine.openLoop ? [engine.openLoop] : [])];
  const share = (x: number | undefined) => (x === undefined ? "-" : `${fixed(x * 100, 1)}%`);
  for (const { label, result, machineBusy, machineStolen } of all) {
    const l = result.latencyMs;
    rows.push([
      label,
      String(result.sent),
      String(result.completed),
      String(result.non2xx),
      String(result.errors),
      ms(l.p50),
      ms(l.p90),
      ms(l.p99),
      ms(l.max),
      String(Math.round(result.loadCpuMicrosPerRequest ?? 0)),
      share(machineBusy),
      share(machineStolen),
    ]);
  }
  const floor = (target: string) =>
    engine.openLoopFloor.find((r) => r.target === target)?.result.latencyMs;
  const direct = floor("direct");
  const passthrough = floor("passthrough");
  const relay = engine.openLoop?.result.latencyMs;
  const added =
    direct && relay
      ? `  Relay's added latency: p50 ${delta(relay.p50, direct.p50)} ms, p99 ${delta(relay.p99, direct.p99)} ms (targets: within 1 ms and 5 ms)`
      : "  Relay's added latency: not measured";
  // What this machine adds to any proxy at this rate: the same hop with no work in it.
  const floorLine =
    direct && passthrough
      ? [
          `  The bare pass-through's own: p50 ${delta(passthrough.p50, direct.p50)} ms, p99 ${delta(passthrough.p99, direct.p99)} ms`,
        ]
      : [];
  return [
    `### Open loop: ${engine.openLoopRate ?? "-"} req/s offered at a constant rate (half the pass-through's saturation beside Relay), chat`,
    "",
    table(rows),
    "",
    added,
    ...floorLine,
  ].join("\n");
}

function timingRow(label: string, ttfb: Percentiles, gap: Percentiles, events: number): string[] {
  return [label, ms(ttfb.p50), ms(ttfb.p99), ms(gap.p50), ms(gap.p90), ms(gap.p99), String(events)];
}

function streamTable(report: BenchReport, engine: EngineReport): string {
  const rows = [
    ["target", "TTFB p50 ms", "TTFB p99 ms", "gap p50 ms", "gap p90 ms", "gap p99 ms", "events"],
  ];
  const direct = report.streamFloor;
  const relay = engine.streamTiming;
  const pass = engine.streamPassthrough;
  if (direct)
    rows.push(timingRow("direct (paced upstream)", direct.ttfbMs, direct.gapMs, direct.events));
  if (pass)
    rows.push(timingRow("bare pass-through (undici)", pass.ttfbMs, pass.gapMs, pass.events));
  if (relay) rows.push(timingRow("Relay proxy", relay.ttfbMs, relay.gapMs, relay.events));
  const summary =
    direct && relay
      ? `  TTFB p50 ${delta(relay.ttfbMs.p50, direct.ttfbMs.p50)} ms (target: within 2 ms); inter-event gap p50 ${ms(relay.gapMs.p50)} vs ${ms(direct.gapMs.p50)} ms: events are forwarded as they arrive`
      : "  not measured";
  const passLine =
    direct && pass
      ? [`  The bare pass-through's own: TTFB p50 ${delta(pass.ttfbMs.p50, direct.ttfbMs.p50)} ms`]
      : [];
  return [
    "### Streams: time to first byte and gaps between events (upstream paced at 50 events/s)",
    "",
    table(rows),
    "",
    summary,
    ...passLine,
  ].join("\n");
}

function memoryLine(engine: EngineReport): string {
  const open = engine.openStreams;
  if (!open) return "### Memory: not measured";
  return [
    `### Memory: ${open.sent} streams open at once (all open after ${fixed(open.allOpenMs / 1000, 1)} s)`,
    "",
    `  proxy RSS ${fixed(open.rssBeforeMb, 0)} MB before, ${fixed(open.rssOpenMb, 0)} MB with every stream open (target: under 300 MB); ${open.requestIds.length} answered 2xx, ${open.non2xx} non-2xx, ${open.errors} errors`,
  ].join("\n");
}

/** What the machine itself does to latency, measured before anything ran. */
function stallsLine(stalls: Stalls | undefined): string[] {
  if (!stalls) return [];
  const stolen =
    stalls.stolen === undefined
      ? ""
      : `; the host took ${fixed(stalls.stolen * 100, 1)}% of the CPU`;
  return [
    `Machine floor: a thread spinning alone on the idle machine for ${fixed(stalls.seconds, 1)}s was stopped ${stalls.count} times for 1 ms or more, ${fixed(stalls.longestMs, 1)} ms at the longest (${fixed(stalls.lostShare * 100, 1)}% of its time lost${stolen}). Any process here, proxy or not, waits these out: latency differences smaller than them are this machine's, not the proxy's.`,
  ];
}

export function formatReport(report: BenchReport): string {
  const o = report.options;
  const lines = [
    `# Relay proxy benchmark${o.smoke ? " (smoke: figures mean nothing)" : ""}: ${o.durationSec}s per target after ${o.warmupSec}s warm-up, ${o.connections} connections, ${report.machine.cpus} CPUs (load average ${report.machine.loadAverage.toFixed(1)} at start), Node ${report.machine.node}`,
    ...((o.rounds ?? 1) > 1
      ? [
          `Relay and what it is compared with run in ${o.rounds} interleaved rounds of ${secondsPerRound(o.durationSec, o.rounds ?? 1)}s each (the order reversed every other round), each target's rounds merged`,
        ]
      : []),
    ...stallsLine(report.machine.stalls),
    "Logs: bench/results/logs/",
    "",
  ];
  for (const s of report.skipped) lines.push(`Not measured: ${s.target}: ${s.reason}`, "");
  for (const engine of report.engines) {
    lines.push(`## Engine: ${engine.label}`, "");
    if (engine.skipped) lines.push(`  broke off: ${engine.skipped}`, "");
    for (const w of engine.workloads) lines.push(formatWorkload(w), "");
    lines.push(openLoopTable(engine), "", streamTable(report, engine), "", memoryLine(engine), "");
    lines.push(formatChargeCheck(engine.chargeCheck), "");
  }
  for (const note of report.notes) lines.push(`Note: ${note}`);
  return lines.join("\n");
}
