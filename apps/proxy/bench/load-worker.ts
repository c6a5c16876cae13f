// The load generator's process: autocannon against one target, a warm-up run then the measured
// run, reporting back over IPC. Started by load.ts, never on its own.
import autocannon from "autocannon";
import type { LoadJob, LoadResult, RunCounts, WorkerMessage } from "./load.ts";

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) throw new Error("load-worker.ts runs only as a child of load.ts");
    process.send(message, () => resolve());
  });
}

async function run(job: LoadJob, seconds: number, requestIds: string[]) {
  return autocannon({
    url: job.origin,
    connections: job.connections,
    duration: seconds,
    requests: [
      {
        method: "POST",
        path: job.path,
        headers: { "content-type": "application/json", ...job.headers },
        body: job.body,
        onResponse: (status, _body, _context, headers) => {
          const id = headers?.["x-request-id"];
          if (job.collectRequestIds && status >= 200 && status < 300 && typeof id === "string") {
            requestIds.push(id);
          }
        },
      },
    ],
  });
}

function counts(result: autocannon.Result): RunCounts {
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) {
    statusCodes[code] = stat.count ?? 0;
  }
  return {
    sent: result.requests.sent,
    ok2xx: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
}

// Without its parent there is nobody to report to.
process.once("disconnect", () => process.exit(1));

process.once("message", (job: LoadJob) => {
  const requestIds: string[] = [];
  void (async () => {
    const warmup = job.warmupSec > 0 ? counts(await run(job, job.warmupSec, requestIds)) : null;
    await send({ type: "measuring" });
    const result = await run(job, job.durationSec, requestIds);
    const measured = counts(result);
    const loadResult: LoadResult = {
      warmup: warmup ?? { sent: 0, ok2xx: 0, non2xx: 0, errors: 0, timeouts: 0, statusCodes: {} },
      measured: {
        ...measured,
        durationSec: result.duration,
        rps: (measured.ok2xx + measured.non2xx) / result.duration,
        latencyMs: {
          mean: result.latency.mean,
          p50: result.latency.p50,
          p90: result.latency.p90,
          p99: result.latency.p99,
          max: result.latency.max,
        },
      },
      requestIds,
    };
    await send({ type: "done", result: loadResult });
    process.exit(0);
  })().catch(async (error: unknown) => {
    await send({ type: "failed", message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  });
});
