// The load generator runs in a child process of its own (load-worker.ts), so it never shares an
// event loop with what it measures. Each job is a warm-up run, then the measured run.
import { fork } from "node:child_process";
import { join } from "node:path";
import { snapshot, used, type Watched } from "./cpu.ts";

export interface LoadJob {
  origin: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  connections: number;
  durationSec: number;
  warmupSec: number;
  /** Keep the x-request-id of every 2xx (to match against Relay's usage records). */
  collectRequestIds: boolean;
}

export interface RunCounts {
  sent: number;
  ok2xx: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

export interface MeasuredRun extends RunCounts {
  durationSec: number;
  /** Completed responses (any status) per second. */
  rps: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
}

export interface LoadResult {
  warmup: RunCounts;
  measured: MeasuredRun;
  requestIds: string[];
}

export type WorkerMessage =
  | { type: "measuring" }
  | { type: "done"; result: LoadResult }
  | { type: "failed"; message: string };

export interface Measurement extends LoadResult {
  /** CPU seconds per process during the measured run, by role; "load" is the load generator. */
  cpu: Record<string, number>;
}

/** Runs a job in a fresh load-generator process, sampling the CPU of `watch` around it. */
export function measure(job: LoadJob, watch: Watched): Promise<Measurement> {
  const child = fork(join(import.meta.dirname, "load-worker.ts"), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const pids = (): Watched => (child.pid === undefined ? watch : { ...watch, load: child.pid });
  let before = snapshot(pids());
  return new Promise((resolve, reject) => {
    child.on("message", (message: WorkerMessage) => {
      if (message.type === "measuring") before = snapshot(pids());
      else if (message.type === "done") {
        const cpu = used(before, snapshot(pids()));
        resolve({ ...message.result, cpu });
      } else reject(new Error(`load generator failed: ${message.message}`));
    });
    child.once("exit", (code) => reject(new Error(`load generator exited with code ${code}`)));
    child.send(job);
  });
}
