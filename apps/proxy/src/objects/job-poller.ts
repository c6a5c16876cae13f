// Running fine-tuning jobs are refreshed in the background, so a job ends (and its hold is
// settled) even if its owner never asks about it again. Every replica polls; the settlement's
// request id makes the charge happen once whichever replica sees the end first.
import type { Gateway } from "../gateway.ts";
import { refreshOpenJobs } from "./jobs.ts";

export const DEFAULT_JOB_POLL_MS = 60_000;

/** Starts polling (0 disables it); returns a function that stops it. */
export function startJobPoller(gateway: Gateway, intervalMs = DEFAULT_JOB_POLL_MS): () => void {
  if (intervalMs <= 0) return () => {};
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    refreshOpenJobs(gateway)
      .catch((error: unknown) => gateway.log.warn({ err: error }, "fine-tuning job poll failed"))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
