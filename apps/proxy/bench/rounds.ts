// Figures compared with each other are taken in interleaved rounds: this machine's speed drifts by
// tens of percent within a minute, so one run of the pass-through then one of Relay measures the
// drift as much as Relay. Each round runs every target once, the order reversed every other round
// (A B, B A, ...) so a steady drift weighs on both alike, and each target's rounds are merged: sums
// for counts and CPU, all of its latencies for the open loop's percentiles.
import type { Measurement } from "./load.ts";
import { type OpenLoopResult, percentiles } from "./probes.ts";

/** The targets in the order round `round` runs them. */
export function roundOrder<T>(targets: T[], round: number): T[] {
  return round % 2 === 0 ? [...targets] : [...targets].reverse();
}

/**
 * Runs every target once a round, `rounds` times, in roundOrder; `first` tells a target's first
 * run (the one that warms it up fully). Each target's results, in the order they were taken.
 */
export async function inRounds<T, R>(
  targets: T[],
  rounds: number,
  run: (target: T, round: number, first: boolean) => Promise<R>,
): Promise<Map<T, R[]>> {
  const results = new Map<T, R[]>(targets.map((target) => [target, []]));
  for (let round = 0; round < rounds; round++) {
    for (const target of roundOrder(targets, round)) {
      const done = results.get(target) ?? [];
      done.push(await run(target, round, done.length === 0));
      results.set(target, done);
    }
  }
  return results;
}

/** The same split of a run's seconds every target gets, at least one second a round. */
export function secondsPerRound(durationSec: number, rounds: number): number {
  return Math.max(1, Math.round(durationSec / rounds));
}

const COUNTS = ["sent", "ok2xx", "non2xx", "errors", "timeouts"] as const;
type Counts = Record<(typeof COUNTS)[number], number>;

function sumCounts(items: Counts[]): Counts {
  const out: Counts = { sent: 0, ok2xx: 0, non2xx: 0, errors: 0, timeouts: 0 };
  for (const item of items) for (const key of COUNTS) out[key] += item[key];
  return out;
}

function sumStatusCodes(all: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const codes of all) {
    for (const [code, count] of Object.entries(codes)) out[code] = (out[code] ?? 0) + count;
  }
  return out;
}

/**
 * One closed-loop target's rounds as one measurement: counts, seconds and CPU summed (so req/s and
 * CPU per call are over all rounds), latency percentiles the median of the rounds' (autocannon
 * reports percentiles, not its samples).
 */
export function mergeMeasurements(rounds: Measurement[]): Measurement {
  const [first] = rounds;
  if (!first) throw new Error("no rounds to merge");
  if (rounds.length === 1) return first;
  const measured = rounds.map((r) => r.measured);
  const durationSec = measured.reduce((sum, m) => sum + m.durationSec, 0);
  const counts = sumCounts(measured);
  const latency = (key: keyof Measurement["measured"]["latencyMs"]) =>
    percentiles(measured.map((m) => m.latencyMs[key])).p50;
  const cpu: Record<string, number> = {};
  for (const round of rounds) {
    for (const [role, seconds] of Object.entries(round.cpu)) cpu[role] = (cpu[role] ?? 0) + seconds;
  }
  return {
    warmup: {
      ...sumCounts(rounds.map((r) => r.warmup)),
      statusCodes: sumStatusCodes(rounds.map((r) => r.warmup.statusCodes)),
    },
    measured: {
      ...counts,
      statusCodes: sumStatusCodes(measured.map((m) => m.statusCodes)),
      durationSec,
      rps: durationSec > 0 ? (counts.ok2xx + counts.non2xx) / durationSec : 0,
      latencyMs: {
        mean: latency("mean"),
        p50: latency("p50"),
        p90: latency("p90"),
        p99: latency("p99"),
        max: Math.max(...measured.map((m) => m.latencyMs.max)),
      },
    },
    requestIds: rounds.flatMap((r) => r.requestIds),
    cpu,
  };
}

/** One open-loop target's rounds as one result, its percentiles over every round's latencies. */
export function mergeOpenLoops(rounds: OpenLoopResult[]): OpenLoopResult {
  const [first] = rounds;
  if (!first) throw new Error("no rounds to merge");
  const samples = rounds.flatMap((r) => r.samples ?? []);
  const sent = rounds.reduce((sum, r) => sum + r.sent, 0);
  const completed = rounds.reduce((sum, r) => sum + r.completed, 0);
  // Each round's figure is over its measured calls (warm-ups aside).
  const loadCpu = rounds.reduce((sum, r) => sum + r.loadCpuMicrosPerRequest * r.completed, 0);
  return {
    type: "open-loop",
    rate: first.rate,
    sent,
    completed,
    non2xx: rounds.reduce((sum, r) => sum + r.non2xx, 0),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    requestIds: rounds.flatMap((r) => r.requestIds),
    latencyMs: percentiles(samples),
    loadCpuMicrosPerRequest: completed > 0 ? loadCpu / completed : 0,
  };
}
