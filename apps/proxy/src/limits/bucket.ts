// The arithmetic both limiters share (the Redis Lua script mirrors it line for line).
//
// Each limit is a leaky bucket used as a meter, i.e. GCRA: it holds at most `limit` units, drains
// continuously at `limit` units per minute, and a request is admitted only if its cost fits. Why
// this rather than a weighted two-window sliding count: the weighted count assumes the previous
// window's requests were spread evenly, so right after a burst it can admit too many or too few,
// while the bucket is exact (rpm=5 admits exactly 5 of 8 simultaneous requests, then one more
// every 12 s, and all 5 again once a full minute has passed). It also keeps O(1) state per limit
// (a level and a time), takes variable costs (tokens), and lets a later correction with the
// actual usage simply raise or lower the level.
//
// Levels are kept in unit-milliseconds (units x WINDOW_MS) so the bucket drains by exactly
// `limit` per millisecond and every quantity stays an integer: no rounding decides an admission.
import type { RateDecision } from "./rate-limiter.ts";

export const WINDOW_MS = 60_000;

export interface Bucket {
  /** Fill in unit-milliseconds as of `at`. */
  level: number;
  at: number;
}

/** The bucket's fill at `now`. A clock behind `at` (another replica's) drains nothing. */
export function drain(bucket: Bucket | undefined, limit: number, now: number): Bucket {
  if (!bucket) return { level: 0, at: now };
  const at = Math.max(now, bucket.at);
  return { level: Math.max(0, bucket.level - (at - bucket.at) * limit), at };
}

/** Milliseconds until the bucket is empty again; how long its state must be kept. */
export function drainMs(level: number, limit: number): number {
  return Math.ceil(level / limit);
}

export function checkLimit(name: string, limit: number | null): number | null {
  if (limit === null) return null;
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new RangeError(`${name} must be a positive integer or null, got ${limit}`);
  return limit;
}

export function checkTokens(tokens: number, allowNegative: boolean): number {
  if (!Number.isFinite(tokens) || (!allowNegative && tokens < 0))
    throw new RangeError(`tokens must be a finite${allowNegative ? "" : " non-negative"} number`);
  return Math.ceil(tokens);
}

/**
 * The decision for one check, from the levels the store reports: after the cost if admitted,
 * before it (unchanged) if refused.
 */
export function toDecision(input: {
  rpm: number | null;
  tpm: number | null;
  tokens: number;
  allowed: boolean;
  requestLevel: number;
  tokenLevel: number;
}): RateDecision {
  const { rpm, tpm, tokens, allowed, requestLevel, tokenLevel } = input;
  const decision: RateDecision = { allowed };
  let requestWait = 0;
  let tokenWait = 0;
  if (rpm !== null) {
    decision.limitRequests = rpm;
    decision.remainingRequests = Math.max(
      0,
      Math.floor((rpm * WINDOW_MS - requestLevel) / WINDOW_MS),
    );
    decision.resetRequestsMs = drainMs(requestLevel, rpm);
    const excess = requestLevel + WINDOW_MS - rpm * WINDOW_MS;
    if (!allowed && excess > 0) requestWait = Math.ceil(excess / rpm);
  }
  if (tpm !== null) {
    decision.limitTokens = tpm;
    decision.remainingTokens = Math.max(0, Math.floor((tpm * WINDOW_MS - tokenLevel) / WINDOW_MS));
    decision.resetTokensMs = drainMs(tokenLevel, tpm);
    const excess = tokenLevel + tokens * WINDOW_MS - tpm * WINDOW_MS;
    if (!allowed && excess > 0) tokenWait = Math.ceil(excess / tpm);
  }
  if (allowed) return decision;
  if (tpm !== null && tokens > tpm) {
    decision.reason = "tokens";
    decision.tooLarge = true;
    return decision;
  }
  decision.reason = tokenWait > requestWait ? "tokens" : "requests";
  decision.retryAfterMs = Math.max(requestWait, tokenWait);
  return decision;
}
