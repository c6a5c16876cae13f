// The proxy's rate limiter, chosen once at start-up: Redis when replicas must share limits,
// in-process otherwise.
import { createMemoryRateLimiter } from "./memory-rate-limiter.ts";
import type { RateLimiter } from "./rate-limiter.ts";
import { createRedisRateLimiter } from "./redis-rate-limiter.ts";

export function createRateLimiter(
  options: { redisUrl?: string; prefix?: string; onError?: (error: Error) => void } = {},
): RateLimiter {
  return options.redisUrl
    ? createRedisRateLimiter({
        redis: options.redisUrl,
        prefix: options.prefix,
        onError: options.onError,
      })
    : createMemoryRateLimiter();
}

export { formatResetDuration, rateLimitHeaders } from "./headers.ts";
export { createMemoryRateLimiter } from "./memory-rate-limiter.ts";
export type {
  RateDecision,
  RateLimitAdjustment,
  RateLimitCheck,
  RateLimiter,
} from "./rate-limiter.ts";
export { RateLimiterUnavailableError } from "./rate-limiter.ts";
export { createRedisRateLimiter } from "./redis-rate-limiter.ts";
