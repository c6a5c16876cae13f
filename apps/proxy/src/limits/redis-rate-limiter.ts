// The shared limiter for many replicas: one Lua script per call checks and counts both limits
// atomically in a single round trip. The arithmetic is bucket.ts's; keep the two in step (the
// shared test suite runs against both).
import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { checkLimit, checkTokens, toDecision } from "./bucket.ts";
import { type RateLimiter, RateLimiterUnavailableError } from "./rate-limiter.ts";

// KEYS[1]: the key's hash: rl/ra = request bucket level (unit-ms) and time, tl/ta = tokens.
// ARGV: now in ms ("" = the Redis server's clock, which all replicas share), rpm, tpm
// (0 = unlimited), tokens, mode. "check" admits only if the request fits both buckets and then
// adds it to both; "adjust" adds tokens (may be negative) to the token bucket, floor 0.
// Returns {allowed, request level, token level}: after the cost if admitted, before it if not.
const SCRIPT = `
local W = 60000
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local rpm, tpm, cost = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local s = redis.call('HMGET', KEYS[1], 'rl', 'ra', 'tl', 'ta')

local function drain(level, at, limit)
  level, at = tonumber(level), tonumber(at)
  if limit == 0 or not level or not at then return 0, now end
  local t = math.max(now, at)
  return math.max(0, level - (t - at) * limit), t
end
local function int(x) return string.format('%.0f', x) end

local rl, ra = drain(s[1], s[2], rpm)
local tl, ta = drain(s[3], s[4], tpm)
local ttl = 0
if ARGV[5] == 'adjust' then
  if tpm == 0 then return {1, rl, tl} end
  tl = math.max(0, tl + cost * W)
  redis.call('HSET', KEYS[1], 'tl', int(tl), 'ta', int(ta))
  ttl = math.ceil(tl / tpm)
else
  if (rpm > 0 and rl + W > rpm * W) or (tpm > 0 and tl + cost * W > tpm * W) then
    return {0, rl, tl}
  end
  if rpm > 0 then
    rl = rl + W
    redis.call('HSET', KEYS[1], 'rl', int(rl), 'ra', int(ra))
    ttl = math.ceil(rl / rpm)
  end
  if tpm > 0 then
    tl = tl + cost * W
    redis.call('HSET', KEYS[1], 'tl', int(tl), 'ta', int(ta))
    ttl = math.max(ttl, math.ceil(tl / tpm))
  end
end
-- Keep the hash until every bucket has drained, with slack for clock differences; never shorten
-- it (a refund must not expire the request bucket early).
ttl = ttl + 1000
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
return {1, rl, tl}
`;
const SCRIPT_SHA = createHash("sha1").update(SCRIPT).digest("hex");

export interface RedisRateLimiterOptions {
  /** A connection URL, or a client the caller owns (then close() leaves it open). */
  redis: string | Redis;
  /** Prepended to every key: separates environments and test runs. */
  prefix?: string;
  /** The longest a call waits on Redis before failing with RateLimiterUnavailableError. */
  commandTimeoutMs?: number;
  /** Connection errors of a client it creates (checks fail meanwhile). Default: ioredis logs. */
  onError?: (error: Error) => void;
}

export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  const prefix = options.prefix ?? "relay:ratelimit:";
  const owned = typeof options.redis === "string";
  const redis =
    typeof options.redis === "string"
      ? new Redis(options.redis, {
          commandTimeout: options.commandTimeoutMs ?? 1_000,
          maxRetriesPerRequest: 1,
        })
      : options.redis;
  if (owned && options.onError) redis.on("error", options.onError);

  async function run(
    keyId: string,
    now: number | undefined,
    rpm: number | null,
    tpm: number | null,
    tokens: number,
    mode: "check" | "adjust",
  ): Promise<{ allowed: boolean; requestLevel: number; tokenLevel: number }> {
    const args = [now === undefined ? "" : Math.floor(now), rpm ?? 0, tpm ?? 0, tokens, mode];
    const key = prefix + keyId;
    let reply: unknown;
    try {
      try {
        reply = await redis.evalsha(SCRIPT_SHA, 1, key, ...args);
      } catch (error) {
        // First call on this server (or after SCRIPT FLUSH): send the body once, then it's cached.
        if (!(error instanceof Error && error.message.startsWith("NOSCRIPT"))) throw error;
        reply = await redis.eval(SCRIPT, 1, key, ...args);
      }
    } catch (error) {
      throw new RateLimiterUnavailableError(error);
    }
    if (!Array.isArray(reply) || reply.length !== 3 || !reply.every(Number.isInteger))
      throw new Error(`Unexpected rate limit script reply: ${JSON.stringify(reply)}`);
    const [allowed, requestLevel, tokenLevel] = reply as [number, number, number];
    return { allowed: allowed === 1, requestLevel, tokenLevel };
  }

  return {
    async check(input) {
      const rpm = checkLimit("rpm", input.rpm);
      const tpm = checkLimit("tpm", input.tpm);
      const tokens = checkTokens(input.tokens, false);
      if (rpm === null && tpm === null) return { allowed: true };
      const result = await run(input.keyId, input.now, rpm, tpm, tokens, "check");
      return toDecision({ rpm, tpm, tokens, ...result });
    },

    async adjust(input) {
      const tpm = checkLimit("tpm", input.tpm);
      const delta = checkTokens(input.tokens, true);
      if (tpm === null || delta === 0) return;
      await run(input.keyId, input.now, null, tpm, delta, "adjust");
    },

    async close() {
      if (!owned) return;
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
