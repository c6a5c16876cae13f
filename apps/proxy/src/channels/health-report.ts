// Writes each channel's health, as this replica sees it, to the channels table every few seconds
// so operators see it in the console: counters are added as deltas (every replica adds its own),
// latency and cooldown are the latest seen.
import type pg from "pg";
import type { Logger } from "../observability/logger.ts";
import type { ChannelHealth } from "./health.ts";

export function startHealthReports(
  pool: pg.Pool,
  health: ChannelHealth,
  log: Logger,
  intervalMs = 10_000,
): () => Promise<void> {
  const reported = new Map<string, { successes: number; failures: number }>();

  async function report(): Promise<void> {
    const rows = health.snapshot().map((s) => {
      const before = reported.get(s.channelId) ?? { successes: 0, failures: 0 };
      reported.set(s.channelId, { successes: s.successes, failures: s.failures });
      return {
        ...s,
        successDelta: s.successes - before.successes,
        failureDelta: s.failures - before.failures,
      };
    });
    const changed = rows.filter((r) => r.successDelta > 0 || r.failureDelta > 0);
    if (changed.length === 0) return;
    await pool.query(
      `UPDATE channels c SET
         success_count = c.success_count + v.successes,
         failure_count = c.failure_count + v.failures,
         last_latency_ms = COALESCE(v.latency, c.last_latency_ms),
         last_failure_at = CASE WHEN v.failures > 0 THEN now() ELSE c.last_failure_at END,
         cooldown_until = v.cooldown
       FROM unnest($1::uuid[], $2::int[], $3::int[], $4::int[], $5::timestamptz[])
         AS v(id, successes, failures, latency, cooldown)
       WHERE c.id = v.id`,
      [
        changed.map((r) => r.channelId),
        changed.map((r) => r.successDelta),
        changed.map((r) => r.failureDelta),
        changed.map((r) => r.lastLatencyMs ?? null),
        changed.map((r) =>
          r.cooldownUntil > Date.now() ? new Date(r.cooldownUntil).toISOString() : null,
        ),
      ],
    );
  }

  // A failed report loses those deltas from the console's counters, nothing else.
  const failed = (error: unknown) => log.warn({ err: error }, "channel health report failed");
  const timer = setInterval(() => void report().catch(failed), intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await report().catch(failed);
  };
}
