// Measurements beyond throughput, each run by a load process of its own (probe-worker.ts):
// - open loop: requests sent on a fixed schedule, whatever the answers do, and each latency taken
//   from when the request was due (a closed loop of N connections slows down with the server and
//   so hides its queueing);
// - stream timing: time to the first byte and the gaps between events of paced streams;
// - open streams: many long streams open at once, while the parent samples the proxy's memory.
import { fork } from "node:child_process";
import { join } from "node:path";

export interface Request {
  origin: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export type ProbeJob =
  | { type: "open-loop"; request: Request; rate: number; durationSec: number; warmupSec: number }
  | { type: "stream-timing"; request: Request; streams: number; concurrency: number }
  | { type: "open-streams"; request: Request; streams: number };

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

interface Seen {
  /** Requests sent, and the x-request-id of every 2xx (for Relay's billing check). */
  sent: number;
  requestIds: string[];
  non2xx: number;
  errors: number;
}

export interface OpenLoopResult extends Seen {
  type: "open-loop";
  rate: number;
  completed: number;
  /** From when each request was due to its last byte. */
  latencyMs: Percentiles;
  /** The load process's own CPU per request sent (it shares the machine with the target). */
  loadCpuMicrosPerRequest: number;
  /** Every latency (ms), for merging rounds; not kept in the report. */
  samples?: number[];
}

export interface StreamTimingResult extends Seen {
  type: "stream-timing";
  ttfbMs: Percentiles;
  /** Between consecutive events of one stream, over all streams. */
  gapMs: Percentiles;
  events: number;
}

export interface OpenStreamsResult extends Seen {
  type: "open-streams";
  /** How long it took until every stream had its first byte. */
  allOpenMs: number;
}

export type ProbeResult = OpenLoopResult | StreamTimingResult | OpenStreamsResult;

export type ProbeMessage =
  | { type: "all-open" }
  | { type: "done"; result: ProbeResult }
  | { type: "failed"; message: string };

export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted.length === 0
      ? 0
      : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}

/**
 * Runs a probe in a fresh process. `whileOpen` runs once every stream of an open-streams probe is
 * open (the worker holds them until it returns), e.g. to read the proxy's memory.
 */
export function runProbe(
  job: ProbeJob,
  whileOpen: () => Promise<void> = async () => {},
): Promise<ProbeResult> {
  const child = fork(join(import.meta.dirname, "probe-worker.ts"), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.on("message", (message: ProbeMessage) => {
      if (message.type === "all-open") {
        void whileOpen().then(() => child.send({ type: "release" }), reject);
      } else if (message.type === "done") resolve(message.result);
      else reject(new Error(`probe failed: ${message.message}`));
    });
    child.once("exit", (code) => reject(new Error(`probe exited with code ${code}`)));
    child.send(job);
  });
}
