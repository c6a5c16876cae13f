// A reservation whose answer was lost (the connection to Postgres or Redis dropped mid-statement)
// may or may not have been made. Its call is refused, so nothing will ever settle it: if it was
// made, it must be released, or that money stays promised to no one while this process lives.
// Releasing is idempotent, so it is retried until the store answers, and once more a little later
// in case the lost statement was still finishing on the server.
import { consoleFailureLog, type FailureLog } from "../failure-log.ts";

export interface Abandoned {
  requestId: string;
  tenantId: string;
  apiKeyId: string;
  /** The process it would belong to. */
  instanceId: string;
}

export interface AbandonedReleaser {
  add(reservation: Abandoned): void;
  /** Reservations not yet confirmed released (for tests and metrics). */
  pending(): number;
}

export function createAbandonedReleaser(
  releaseAll: (reservations: Abandoned[]) => Promise<void>,
  options: { log?: FailureLog; confirmAfterMs?: number } = {},
): AbandonedReleaser {
  const log = options.log ?? consoleFailureLog;
  const confirmAfterMs = options.confirmAfterMs ?? 15_000;
  const waiting = new Map<string, Abandoned>();
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;

  function schedule(ms: number): void {
    timer ??= setTimeout(run, ms);
    timer.unref();
  }

  async function run(): Promise<void> {
    timer = undefined;
    const batch = [...waiting.values()];
    if (batch.length === 0) return;
    try {
      await releaseAll(batch);
      failures = 0;
      for (const reservation of batch) waiting.delete(reservation.requestId);
      // Once more later: the lost statement may have committed after this release ran.
      setTimeout(() => {
        releaseAll(batch).catch((error: unknown) => {
          log.warn(
            { err: error, reservations: batch.length },
            "abandoned holds: confirmation failed",
          );
        });
      }, confirmAfterMs).unref();
    } catch (error) {
      failures += 1;
      if (failures === 1) {
        log.warn({ err: error, reservations: batch.length }, "abandoned holds not released yet");
      }
    }
    if (waiting.size > 0) schedule(Math.min(200 * 2 ** failures, 5_000));
  }

  return {
    add(reservation) {
      waiting.set(reservation.requestId, reservation);
      schedule(200);
    },
    pending: () => waiting.size,
  };
}
