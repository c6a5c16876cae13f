// Start-up waits for each service before starting the next one that needs it. A service that
// exits before it was ever ready is not a crash to restart but a start-up failure (a port taken,
// a bad variable, the data folder in use): the wait ends at once so start-up can say so.
import type { Service } from "./supervisor.ts";

export type Readiness = "ready" | "exited" | "timed out";

/** Polls isReady until it is true, the service has exited, or timeoutMs has passed. */
export async function waitUntilReady(
  service: Service,
  isReady: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<Readiness> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.restarts > 0 || service.pid === undefined) return "exited";
    if (await isReady()) return "ready";
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return "timed out";
}

/** Whether url answers 2xx. */
export async function answersOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false; // not listening yet
  }
}
