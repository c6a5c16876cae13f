// When a crashed child is started again: soon after a first crash, ever later while it keeps
// crashing (so a child that cannot start does not spin the machine), and soon again once it has
// stayed up long enough to count as healthy.

export interface RestartPolicy {
  /** The wait after a first crash; it doubles with each crash in a row. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** A child up at least this long crashed "for the first time" again. */
  healthyAfterMs: number;
}

export const RESTART_POLICY: RestartPolicy = {
  firstDelayMs: 500,
  maxDelayMs: 15_000,
  healthyAfterMs: 30_000,
};

/**
 * After a crash: how many crashes in a row this makes (`streak`, 1 for the first) and how long
 * to wait before starting the child again.
 */
export function afterCrash(
  previousStreak: number,
  uptimeMs: number,
  policy: RestartPolicy = RESTART_POLICY,
): { streak: number; delayMs: number } {
  const streak = uptimeMs >= policy.healthyAfterMs ? 1 : previousStreak + 1;
  const delayMs = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** (streak - 1));
  return { streak, delayMs };
}
