import { describe, expect, it } from "vitest";
import type { Measurement } from "./load.ts";
import type { OpenLoopResult } from "./probes.ts";
import {
  inRounds,
  mergeMeasurements,
  mergeOpenLoops,
  roundOrder,
  secondsPerRound,
} from "./rounds.ts";

function measurement(ok: number, seconds: number, proxyCpu: number, p50: number): Measurement {
  return {
    warmup: { sent: 10, ok2xx: 10, non2xx: 0, errors: 0, timeouts: 0, statusCodes: { "200": 10 } },
    measured: {
      sent: ok + 1,
      ok2xx: ok,
      non2xx: 1,
      errors: 0,
      timeouts: 0,
      statusCodes: { "200": ok, "429": 1 },
      durationSec: seconds,
      rps: (ok + 1) / seconds,
      latencyMs: { mean: p50, p50, p90: p50 * 2, p99: p50 * 3, max: p50 * 4 },
    },
    requestIds: [`id-${ok}`],
    cpu: { proxy: proxyCpu, upstream: 0.5 },
  };
}

function openLoop(samples: number[], loadCpu: number): OpenLoopResult {
  return {
    type: "open-loop",
    rate: 100,
    sent: samples.length + 5,
    requestIds: samples.map((_, i) => `r${i}`),
    non2xx: 0,
    errors: 1,
    completed: samples.length,
    latencyMs: { p50: -1, p90: -1, p99: -1, max: -1 },
    loadCpuMicrosPerRequest: loadCpu,
    samples,
  };
}

describe("rounds", () => {
  it("reverses the order every other round and splits the seconds", () => {
    expect([0, 1, 2, 3].map((r) => roundOrder(["a", "b", "c"], r).join(""))).toEqual([
      "abc",
      "cba",
      "abc",
      "cba",
    ]);
    expect(secondsPerRound(10, 4)).toBe(3);
    expect(secondsPerRound(10, 1)).toBe(10);
    expect(secondsPerRound(2, 4)).toBe(1);
  });

  it("merges closed-loop rounds by summing counts, seconds and CPU", () => {
    const merged = mergeMeasurements([
      measurement(99, 2, 0.1, 10),
      measurement(299, 4, 0.5, 30),
      measurement(199, 4, 0.3, 20),
    ]);
    expect(merged.measured.ok2xx).toBe(597);
    expect(merged.measured.non2xx).toBe(3);
    expect(merged.measured.durationSec).toBe(10);
    expect(merged.measured.rps).toBe(60);
    expect(merged.measured.statusCodes).toEqual({ "200": 597, "429": 3 });
    expect(merged.warmup.sent).toBe(30);
    expect(merged.cpu.proxy).toBeCloseTo(0.9, 12);
    expect(merged.cpu.upstream).toBe(1.5);
    // Percentiles: the median round's; the max, the largest.
    expect(merged.measured.latencyMs).toEqual({ mean: 20, p50: 20, p90: 40, p99: 60, max: 120 });
    expect(merged.requestIds).toEqual(["id-99", "id-299", "id-199"]);
  });

  it("merges open-loop rounds with percentiles over every latency", () => {
    const first = Array.from({ length: 50 }, (_, i) => i + 1); // 1..50
    const second = Array.from({ length: 50 }, (_, i) => i + 51); // 51..100
    const merged = mergeOpenLoops([openLoop(first, 100), openLoop(second, 300)]);
    expect(merged.latencyMs).toEqual({ p50: 51, p90: 91, p99: 100, max: 100 });
    expect(merged.completed).toBe(100);
    expect(merged.sent).toBe(110);
    expect(merged.errors).toBe(2);
    expect(merged.requestIds).toHaveLength(100);
    expect(merged.loadCpuMicrosPerRequest).toBe(200);
    // The samples are not carried into the report.
    expect(merged.samples).toBeUndefined();
  });
});

describe("inRounds", () => {
  it("runs every target once a round in alternating order, and marks each one's first run", async () => {
    const calls: string[] = [];
    const results = await inRounds(["a", "b"], 3, async (target, round, first) => {
      calls.push(`${target}${round}${first ? "!" : ""}`);
      return round;
    });
    expect(calls).toEqual(["a0!", "b0!", "b1", "a1", "a2", "b2"]);
    expect(results.get("a")).toEqual([0, 1, 2]);
    expect(results.get("b")).toEqual([0, 1, 2]);
  });
});
