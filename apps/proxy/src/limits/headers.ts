// OpenAI's rate-limit response headers, so clients and SDKs back off as they would with OpenAI.
import type { RateDecision } from "./rate-limiter.ts";

/** A duration the way OpenAI writes resets (Go's time.Duration format): "20ms", "1s", "6m0s". */
export function formatResetDuration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms));
  if (total === 0) return "0s";
  if (total < 1_000) return `${total}ms`;
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const millis = total % 60_000;
  // Seconds with their fraction, trailing zeros dropped: 1500 -> "1.5s", 17280 -> "17.28s".
  const fraction = String(millis % 1_000)
    .padStart(3, "0")
    .replace(/0+$/, "");
  const seconds = `${Math.floor(millis / 1_000)}${fraction ? `.${fraction}` : ""}s`;
  if (hours > 0) return `${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${minutes}m${seconds}`;
  return seconds;
}

export function rateLimitHeaders(decision: RateDecision): Record<string, string> {
  const headers: Record<string, string> = {};
  if (decision.limitRequests !== undefined) {
    headers["x-ratelimit-limit-requests"] = String(decision.limitRequests);
    headers["x-ratelimit-remaining-requests"] = String(decision.remainingRequests ?? 0);
    headers["x-ratelimit-reset-requests"] = formatResetDuration(decision.resetRequestsMs ?? 0);
  }
  if (decision.limitTokens !== undefined) {
    headers["x-ratelimit-limit-tokens"] = String(decision.limitTokens);
    headers["x-ratelimit-remaining-tokens"] = String(decision.remainingTokens ?? 0);
    headers["x-ratelimit-reset-tokens"] = formatResetDuration(decision.resetTokensMs ?? 0);
  }
  if (!decision.allowed && decision.retryAfterMs !== undefined) {
    headers["retry-after"] = String(Math.max(1, Math.ceil(decision.retryAfterMs / 1_000)));
    // Read first by OpenAI's own SDKs, which then wait exactly this long.
    headers["retry-after-ms"] = String(Math.ceil(decision.retryAfterMs));
  }
  return headers;
}
