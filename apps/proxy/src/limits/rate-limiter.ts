// Per-key request (RPM) and token (TPM) limits on the hot path. Two implementations share this
// contract and one behavioural test suite: in-process for a single replica, Redis for many.

export interface RateLimitCheck {
  keyId: string;
  /** Requests per minute; null = unlimited. */
  rpm: number | null;
  /** Tokens per minute; null = unlimited. */
  tpm: number | null;
  /** The request's token estimate at admission: prompt tokens + the most it may generate. */
  tokens: number;
  /** Milliseconds since the epoch; tests inject it. Default: the limiter's clock (Redis: server time). */
  now?: number;
}

export interface RateLimitAdjustment {
  keyId: string;
  /** The key's current tokens-per-minute limit; null = unlimited, and the adjustment is a no-op. */
  tpm: number | null;
  /** Actual minus estimated tokens: negative returns capacity, positive takes more. */
  tokens: number;
  now?: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Which limit refused the request. */
  reason?: "requests" | "tokens";
  /** The request alone needs more tokens than the TPM limit: no wait will admit it. */
  tooLarge?: boolean;
  limitRequests?: number;
  remainingRequests?: number;
  /** Until the request limit is back at its full allowance. */
  resetRequestsMs?: number;
  limitTokens?: number;
  remainingTokens?: number;
  resetTokensMs?: number;
  /** When refused (and not tooLarge): the wait after which this same request would be admitted. */
  retryAfterMs?: number;
}

export interface RateLimiter {
  /** Admits the request and counts it (one request, `tokens` tokens) against both limits, or
   * refuses it and counts nothing. Atomic per key. */
  check(input: RateLimitCheck): Promise<RateDecision>;
  /** Corrects the admission estimate with the actual usage once it is known, so TPM tracks real
   * use. A positive correction may push the key past its limit; it then waits longer. */
  adjust(input: RateLimitAdjustment): Promise<void>;
  close(): Promise<void>;
}

/** The shared store could not be reached; the caller decides whether to fail open or closed. */
export class RateLimiterUnavailableError extends Error {
  readonly code = "rate_limiter_unavailable";
  constructor(cause: unknown) {
    super(`Rate limiter unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}
