import { describe, expect, it } from "vitest";
import { formatResetDuration, rateLimitHeaders } from "./headers.ts";

describe("formatResetDuration", () => {
  it.each([
    [0, "0s"],
    [20, "20ms"],
    [0.4, "1ms"],
    [999, "999ms"],
    [1_000, "1s"],
    [1_500, "1.5s"],
    [17_280, "17.28s"],
    [60_000, "1m0s"],
    [360_000, "6m0s"],
    [90_001, "1m30.001s"],
    [3_600_000, "1h0m0s"],
  ])("%d ms -> %s", (ms, expected) => {
    expect(formatResetDuration(ms)).toBe(expected);
  });
});

describe("rateLimitHeaders", () => {
  it("describes both limits of an admitted request", () => {
    expect(
      rateLimitHeaders({
        allowed: true,
        limitRequests: 60,
        remainingRequests: 59,
        resetRequestsMs: 1_000,
        limitTokens: 150_000,
        remainingTokens: 149_984,
        resetTokensMs: 6,
      }),
    ).toEqual({
      "x-ratelimit-limit-requests": "60",
      "x-ratelimit-remaining-requests": "59",
      "x-ratelimit-reset-requests": "1s",
      "x-ratelimit-limit-tokens": "150000",
      "x-ratelimit-remaining-tokens": "149984",
      "x-ratelimit-reset-tokens": "6ms",
    });
  });

  it("adds retry-after, in whole seconds rounded up, to a refusal", () => {
    const headers = rateLimitHeaders({
      allowed: false,
      reason: "requests",
      limitRequests: 5,
      remainingRequests: 0,
      resetRequestsMs: 60_000,
      retryAfterMs: 12_001,
    });
    expect(headers).toMatchObject({ "retry-after": "13", "retry-after-ms": "12001" });
    expect(headers["x-ratelimit-limit-tokens"]).toBeUndefined();
  });

  it("sends no headers for a key without limits", () => {
    expect(rateLimitHeaders({ allowed: true })).toEqual({});
  });
});
