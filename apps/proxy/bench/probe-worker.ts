// The probes' load process (see probes.ts): one job, reported back over IPC. Started by
// runProbe, never on its own.
import { setTimeout as sleep } from "node:timers/promises";
import { Pool } from "undici";
import { OpenLoopClient } from "./open-loop-client.ts";
import {
  type OpenLoopResult,
  type OpenStreamsResult,
  type ProbeJob,
  type ProbeMessage,
  percentiles,
  type Request,
  type StreamTimingResult,
} from "./probes.ts";

function send(message: ProbeMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) throw new Error("probe-worker.ts runs only as a child of probes.ts");
    process.send(message, () => resolve());
  });
}

function seen() {
  return { sent: 0, requestIds: [] as string[], non2xx: 0, errors: 0 };
}

function call(pool: Pool, request: Request) {
  return pool.request({
    method: "POST",
    path: request.path,
    headers: { "content-type": "application/json", ...request.headers },
    body: request.body,
  });
}

function requestId(headers: Record<string, string | string[] | undefined>): string | undefined {
  const id = headers["x-request-id"];
  return typeof id === "string" ? id : undefined;
}

/** Sends `rate` requests a second for `seconds`, each latency measured from when it was due. */
async function openLoop(client: OpenLoopClient, rate: number, seconds: number) {
  const counts = seen();
  const latencies: number[] = [];
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const start = performance.now();
  let finished = 0;
  let allDone = () => {};
  const drained = new Promise<void>((resolve) => {
    allDone = resolve;
  });
  for (let i = 0; i < total; ) {
    // Timers wake at best every millisecond: send everything due by now.
    while (i < total && start + i * interval <= performance.now()) {
      const due = start + i * interval;
      i++;
      counts.sent++;
      client.call((status, id, error) => {
        if (error) counts.errors++;
        else if (status >= 300) counts.non2xx++;
        else {
          latencies.push(performance.now() - due);
          if (id) counts.requestIds.push(id);
        }
        if (++finished === total) allDone();
      });
    }
    const next = start + i * interval - performance.now();
    if (i < total) await sleep(Math.max(0, next));
  }
  if (total > 0) await drained;
  return { counts, latencies };
}

/** One stream: when its first byte came, and when each of its events did. */
async function timedStream(pool: Pool, request: Request, counts: ReturnType<typeof seen>) {
  const startedAt = performance.now();
  counts.sent++;
  const response = await call(pool, request);
  if (response.statusCode >= 300) {
    counts.non2xx++;
    await response.body.dump();
    return undefined;
  }
  const id = requestId(response.headers);
  if (id) counts.requestIds.push(id);
  let firstByte: number | undefined;
  const events: number[] = [];
  for await (const chunk of response.body) {
    const now = performance.now();
    firstByte ??= now - startedAt;
    // An event ends with a blank line; a chunk may carry several, arrived together.
    const text = (chunk as Buffer).toString("utf8");
    for (let at = text.indexOf("\n\n"); at !== -1; at = text.indexOf("\n\n", at + 2)) {
      events.push(now);
    }
  }
  return { firstByte: firstByte ?? 0, events };
}

async function streamTiming(job: Extract<ProbeJob, { type: "stream-timing" }>) {
  const pool = new Pool(job.request.origin, { connections: job.concurrency });
  const counts = seen();
  const ttfb: number[] = [];
  const gaps: number[] = [];
  let events = 0;
  let next = 0;
  const lane = async () => {
    while (next < job.streams) {
      next++;
      try {
        const timed = await timedStream(pool, job.request, counts);
        if (!timed) continue;
        ttfb.push(timed.firstByte);
        events += timed.events.length;
        for (let i = 1; i < timed.events.length; i++) {
          gaps.push((timed.events[i] ?? 0) - (timed.events[i - 1] ?? 0));
        }
      } catch {
        counts.errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, lane));
  await pool.close();
  const result: StreamTimingResult = {
    type: "stream-timing",
    ...counts,
    ttfbMs: percentiles(ttfb),
    gapMs: percentiles(gaps),
    events,
  };
  return result;
}

/** Opens every stream, tells the parent once all are open, and reads them to their end. */
async function openStreams(job: Extract<ProbeJob, { type: "open-streams" }>) {
  const pool = new Pool(job.request.origin, { connections: job.streams });
  const counts = seen();
  const startedAt = performance.now();
  let open = 0;
  let allOpenMs = 0;
  const released = new Promise<void>((resolve) => {
    process.on("message", (message: { type?: string }) => {
      if (message.type === "release") resolve();
    });
  });
  let everyoneOpen = () => {};
  const allOpen = new Promise<void>((resolve) => {
    everyoneOpen = resolve;
  });
  const streams = Array.from({ length: job.streams }, async () => {
    counts.sent++;
    try {
      const response = await call(pool, job.request);
      if (response.statusCode >= 300) {
        counts.non2xx++;
        await response.body.dump();
      } else {
        const id = requestId(response.headers);
        if (id) counts.requestIds.push(id);
        let first = true;
        for await (const _chunk of response.body) {
          if (!first) continue;
          first = false;
          open++;
          if (open === job.streams) {
            allOpenMs = performance.now() - startedAt;
            everyoneOpen();
          }
        }
        return;
      }
    } catch {
      counts.errors++;
    }
    // A stream that failed is not going to open: the others are all there is.
    open++;
    if (open === job.streams) everyoneOpen();
  });
  await allOpen;
  await send({ type: "all-open" });
  await released;
  await Promise.all(streams);
  await pool.close();
  const result: OpenStreamsResult = { type: "open-streams", ...counts, allOpenMs };
  return result;
}

// Without its parent there is nobody to report to.
process.once("disconnect", () => process.exit(1));

process.once("message", (job: ProbeJob) => {
  void (async () => {
    if (job.type === "open-loop") {
      const client = new OpenLoopClient(job.request);
      const warmup =
        job.warmupSec > 0 ? await openLoop(client, job.rate, job.warmupSec) : undefined;
      const cpu = process.cpuUsage();
      const { counts, latencies } = await openLoop(client, job.rate, job.durationSec);
      const { user, system } = process.cpuUsage(cpu);
      client.close();
      const result: OpenLoopResult = {
        type: "open-loop",
        ...counts,
        rate: job.rate,
        completed: latencies.length,
        latencyMs: percentiles(latencies),
        samples: latencies,
        loadCpuMicrosPerRequest: counts.sent > 0 ? (user + system) / counts.sent : 0,
      };
      // Warm-up calls are charged too: the billing check counts them.
      result.sent += warmup?.counts.sent ?? 0;
      result.requestIds.push(...(warmup?.counts.requestIds ?? []));
      await send({ type: "done", result });
    } else if (job.type === "stream-timing") {
      await send({ type: "done", result: await streamTiming(job) });
    } else {
      await send({ type: "done", result: await openStreams(job) });
    }
    process.exit(0);
  })().catch(async (error: unknown) => {
    await send({ type: "failed", message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  });
});
