// What is measured once (the floor: direct, pass-through, Portkey) and what is measured per engine
// (the Relay proxy on that engine), with the same workloads and load generators. The pass-through
// is measured again beside Relay in each engine, workload by workload, in interleaved rounds
// (rounds.ts), and the ratios use that pair: this machine's speed drifts by tens of percent within
// a minute, and a ratio of two figures taken apart measures the drift as much as Relay.

import { rssOf } from "../soak/rss.ts";
import { type ChargeCheck, checkCharges } from "./charge-check.ts";
import {
  type MachineUse,
  machineTicks,
  machineUse,
  meanUse,
  processesNamed,
  type Watched,
} from "./cpu.ts";
import type { Engine } from "./engines.ts";
import { type Measurement, measure } from "./load.ts";
import {
  type OpenLoopResult,
  type OpenStreamsResult,
  type Request,
  runProbe,
  type StreamTimingResult,
} from "./probes.ts";
import { PACED_MODEL, prepareRelayDatabase, SLOW_MODEL } from "./relay-database.ts";
import {
  type EngineReport,
  type FloorReport,
  ratios,
  type TargetResult,
  targetResult,
} from "./report.ts";
import { inRounds, mergeMeasurements, mergeOpenLoops, secondsPerRound } from "./rounds.ts";
import { type Paths, startRelay, type Target } from "./targets.ts";
import { WORKLOADS, type Workload } from "./workloads.ts";

export interface BenchOptions {
  smoke: boolean;
  durationSec: number;
  connections: number;
  warmupSec: number;
  /** Streams held open at once for the memory figure. */
  openStreams: number;
  /** Paced streams timed for TTFB and inter-event gaps. */
  timedStreams: number;
  /** Interleaved rounds the figures compared with each other are split into (rounds.ts). */
  rounds: number;
}

type Log = (line: string) => void;

/** Requests seen by the load generators, for the billing check. */
interface Seen {
  requestIds: string[];
  sent: number;
}

function streamRequest(target: Target, model: string, maxTokens: number): Request {
  return {
    origin: target.origin,
    path: target.path,
    headers: target.headers,
    body: JSON.stringify({
      model,
      messages: [{ role: "user", content: "Count slowly." }],
      max_tokens: maxTokens,
      stream: true,
    }),
  };
}

const PACED_TOKENS = 16;
const SLOW_TOKENS = 24;

/** One closed loop of `workload` against `target`: a warm-up, then the measured run. */
function loadOn(
  target: Target,
  watch: Watched,
  workload: Workload,
  options: BenchOptions,
  run: { durationSec: number; warmupSec: number; collectRequestIds: boolean },
): Promise<Measurement> {
  return measure(
    {
      origin: target.origin,
      path: target.path,
      headers: target.headers,
      body: workload.body,
      connections: options.connections,
      ...run,
    },
    watch,
  );
}

/** One target's closed loops, workload by workload, each a warm-up then the measured run. */
async function closedLoop(
  target: Target,
  watch: Watched,
  options: BenchOptions,
  log: Log,
): Promise<TargetResult[]> {
  const results: TargetResult[] = [];
  for (const workload of WORKLOADS) {
    log(
      `${workload.name}: ${target.label} (${options.warmupSec}s warm-up, ${options.durationSec}s)`,
    );
    const m = await loadOn(target, watch, workload, options, {
      durationSec: options.durationSec,
      warmupSec: options.warmupSec,
      collectRequestIds: false,
    });
    results.push(targetResult(target.name, target.label, m, workload.name));
  }
  return results;
}

interface Measured {
  target: Target;
  watch: Watched;
  /** Collects the target's request ids (Relay's, for the billing check). */
  seen?: Seen;
}

/**
 * The targets' closed loops for one workload in interleaved rounds, each target's rounds merged:
 * the first round of each warms it up fully, later ones for a second (it ran moments ago).
 */
async function interleavedClosedLoops(
  entries: Measured[],
  workload: Workload,
  options: BenchOptions,
  log: Log,
): Promise<TargetResult[]> {
  const seconds = secondsPerRound(options.durationSec, options.rounds);
  const rounds = await inRounds(entries, options.rounds, async (entry, round, first) => {
    const { target, watch, seen } = entry;
    const warmupSec = first ? options.warmupSec : Math.min(1, options.warmupSec);
    log(
      `${workload.name}: ${target.label} (round ${round + 1}/${options.rounds}: ${warmupSec}s warm-up, ${seconds}s)`,
    );
    const m = await loadOn(target, watch, workload, options, {
      durationSec: seconds,
      warmupSec,
      collectRequestIds: seen !== undefined,
    });
    if (seen) {
      seen.requestIds.push(...m.requestIds);
      seen.sent += m.warmup.sent + m.measured.sent;
    }
    return m;
  });
  return entries.map((entry) =>
    targetResult(
      entry.target.name,
      entry.target.label,
      mergeMeasurements(rounds.get(entry) ?? []),
      workload.name,
    ),
  );
}

/** The open loop's offered rate for a saturation of `rps`. */
function halfOf(rps: number | undefined): number {
  return Math.max(10, Math.round((rps ?? 100) / 2));
}

async function openLoop(
  target: Target,
  rate: number,
  run: { durationSec: number; warmupSec: number; round: string },
  log: Log,
): Promise<{ result: OpenLoopResult; machine?: MachineUse }> {
  log(`open loop: ${target.label} at ${rate} req/s (${run.round})`);
  const before = machineTicks();
  const result = (await runProbe({
    type: "open-loop",
    request: {
      origin: target.origin,
      path: target.path,
      headers: target.headers,
      body: WORKLOADS[0]?.body ?? "",
    },
    rate,
    durationSec: run.durationSec,
    warmupSec: run.warmupSec,
  })) as OpenLoopResult;
  // How busy the whole machine was (warm-up included): the load generator, the upstream, the
  // proxy and its database share these cores, and queueing follows when they are nearly full.
  // And how much of it the host took: every process waits that out, at the tail first.
  return { result, machine: machineUse(before, machineTicks()) };
}

export async function measureFloor(
  targets: Target[],
  upstreams: { upstream: Target; paced: Target },
  options: BenchOptions,
  log: Log,
): Promise<FloorReport> {
  const floor: TargetResult[] = [];
  for (const target of targets) {
    const watch: Watched =
      target === upstreams.upstream
        ? { upstream: upstreams.upstream.service.pid }
        : { proxy: target.service.pid, upstream: upstreams.upstream.service.pid };
    floor.push(...(await closedLoop(target, watch, options, log)));
  }
  // Half the pass-through's saturation (or the upstream's, without a pass-through).
  const saturation =
    floor.find((t) => t.target === "passthrough" && t.workload === "chat") ??
    floor.find((t) => t.target === "direct" && t.workload === "chat");
  const openLoopRate = halfOf(saturation?.rps);
  log(`stream timing: direct (${options.timedStreams} streams at 50 events/s)`);
  const streamFloor = (await runProbe({
    type: "stream-timing",
    request: streamRequest(upstreams.paced, "gpt-4o-mini", PACED_TOKENS),
    streams: options.timedStreams,
    concurrency: 10,
  })) as StreamTimingResult;
  return { floor, openLoopRate, streamFloor };
}

export async function measureEngine(
  engine: Engine,
  context: {
    paths: Paths;
    upstream: Target;
    paced: Target;
    slow: Target;
    floor: FloorReport;
    /** Measured again beside Relay, for the ratios (absent if it could not start). */
    passthrough?: Target;
    /** A pass-through to the paced upstream: what a bare hop adds to the time to first byte. */
    pacedPassthrough?: Target;
  },
  options: BenchOptions,
  log: Log,
): Promise<EngineReport> {
  const { paths, upstream, floor } = context;
  log(`${engine.label}: preparing a fresh database`);
  const database = await prepareRelayDatabase(
    engine.databaseUrl,
    {
      fast: `${upstream.origin}/v1`,
      paced: `${context.paced.origin}/v1`,
      slow: `${context.slow.origin}/v1`,
    },
    paths,
  );
  const report: EngineReport = {
    engine: engine.name,
    label: engine.label,
    workloads: [],
    openLoopRate: null,
    openLoopFloor: [],
    openLoop: null,
    streamTiming: null,
    streamPassthrough: null,
    openStreams: null,
    chargeCheck: null,
    skipped: null,
  };
  let relay: Target | undefined;
  try {
    relay = await startRelay(paths, engine, database.database.url, database.key);
    const seen: Seen = { requestIds: [], sent: 0 };
    const track = (result: { requestIds: string[]; sent: number }) => {
      seen.requestIds.push(...result.requestIds);
      seen.sent += result.sent;
    };
    const watch: Watched = {
      proxy: relay.service.pid,
      upstream: upstream.service.pid,
      // The embedded database's own process; a server's backends (and Redis) are found by name,
      // once the proxy has connected.
      db: database.pid ?? (() => processesNamed("postgres", "redis-server")),
    };
    const passthrough = context.passthrough;
    for (const workload of WORKLOADS) {
      const measured = await interleavedClosedLoops(
        [
          ...(passthrough
            ? [
                {
                  target: passthrough,
                  watch: { proxy: passthrough.service.pid, upstream: upstream.service.pid },
                },
              ]
            : []),
          { target: relay, watch, seen },
        ],
        workload,
        options,
        log,
      );
      const targets = [
        ...floor.floor
          .filter((t) => t.workload === workload.name)
          .map((t) => measured.find((p) => p.target === t.target) ?? t),
        ...measured.filter((t) => t.target === "relay"),
      ];
      report.workloads.push({
        workload: workload.name,
        title: workload.title,
        targets,
        ratios: ratios(targets),
      });
    }
    // Direct, the pass-through and Relay in interleaved rounds, at half the pass-through's
    // saturation as measured beside Relay: minutes apart, this machine's speed can differ by half.
    const pairedChat = passthrough
      ? report.workloads
          .find((w) => w.workload === "chat")
          ?.targets.find((t) => t.target === "passthrough")
      : undefined;
    const rate = pairedChat ? halfOf(pairedChat.rps) : floor.openLoopRate;
    report.openLoopRate = rate;
    const openTargets = [upstream, ...(passthrough ? [passthrough] : []), relay];
    const durationSec = secondsPerRound(options.durationSec, options.rounds);
    const openRuns = await inRounds(openTargets, options.rounds, (target, round, first) =>
      openLoop(
        target,
        rate,
        {
          durationSec,
          warmupSec: Math.min(options.warmupSec, first ? 2 : 1),
          round: `round ${round + 1}/${options.rounds}`,
        },
        log,
      ),
    );
    for (const target of openTargets) {
      const runs = openRuns.get(target) ?? [];
      const machine = meanUse(runs.flatMap((r) => (r.machine ? [r.machine] : [])));
      const row = {
        target: target.name,
        label: target.label,
        result: mergeOpenLoops(runs.map((r) => r.result)),
        machineBusy: machine?.busy,
        machineStolen: machine?.stolen,
      };
      if (target === relay) {
        track(row.result);
        report.openLoop = row;
      } else report.openLoopFloor.push(row);
    }

    // The bare pass-through's streams right before Relay's, so both meet the machine in one mood.
    const timed = async (target: Target, model: string) => {
      log(`stream timing: ${target.label} (${options.timedStreams} streams at 50 events/s)`);
      return (await runProbe({
        type: "stream-timing",
        request: streamRequest(target, model, PACED_TOKENS),
        streams: options.timedStreams,
        concurrency: 10,
      })) as StreamTimingResult;
    };
    if (context.pacedPassthrough) {
      report.streamPassthrough = await timed(context.pacedPassthrough, "gpt-4o-mini");
    }
    const timing = await timed(relay, PACED_MODEL);
    track(timing);
    report.streamTiming = timing;

    // The memory figure is taken on a fresh process: the heap the closed loops grew says nothing
    // about what open streams cost.
    log(`${engine.label}: restarting Relay for the memory figure`);
    const first = await relay.service.stop();
    relay = await startRelay(paths, engine, database.database.url, database.key);
    log(`open streams: ${options.openStreams} at once through ${relay.label}`);
    const pid = relay.service.pid;
    const rssMb = () => (rssOf(pid) ?? 0) / 1024 / 1024;
    const rssBeforeMb = rssMb();
    let rssOpenMb = 0;
    const open = (await runProbe(
      {
        type: "open-streams",
        request: streamRequest(relay, SLOW_MODEL, SLOW_TOKENS),
        streams: options.openStreams,
      },
      async () => {
        // Sampled a few times while every stream is open; the highest is kept.
        for (let i = 0; i < 5; i++) {
          rssOpenMb = Math.max(rssOpenMb, rssMb());
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      },
    )) as OpenStreamsResult;
    track(open);
    report.openStreams = { ...open, rssBeforeMb, rssOpenMb };

    log(`${engine.label}: stopping Relay (SIGTERM: finishes calls in flight, flushes settlements)`);
    const stopped = await relay.service.stop();
    relay = undefined;
    const graceful = [first, stopped].every((s) => !s.killed && s.code === 0);
    report.chargeCheck = await checkCharges(
      database.database.url,
      database.tenantId,
      seen,
      graceful,
    );
  } catch (error) {
    report.skipped = error instanceof Error ? error.message : String(error);
    log(`${engine.label} failed: ${report.skipped}`);
  } finally {
    await relay?.service.stop();
    await database.database.drop().catch(() => {});
  }
  return report;
}

export type { ChargeCheck };
