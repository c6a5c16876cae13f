import { describe, expect, it } from "vitest";
import { afterCrash, RESTART_POLICY } from "./restart-policy.ts";

describe("afterCrash", () => {
  it.each([
    // previous streak, uptime (ms) -> streak, delay (ms)
    { previous: 0, uptime: 100, streak: 1, delay: 500 },
    { previous: 1, uptime: 100, streak: 2, delay: 1_000 },
    { previous: 2, uptime: 100, streak: 3, delay: 2_000 },
    { previous: 3, uptime: 100, streak: 4, delay: 4_000 },
    { previous: 4, uptime: 29_999, streak: 5, delay: 8_000 },
    // 16 s is past the cap
    { previous: 5, uptime: 100, streak: 6, delay: 15_000 },
    { previous: 6, uptime: 100, streak: 7, delay: 15_000 },
    // a child that keeps crashing for hours still waits the cap, not Infinity
    { previous: 10_000, uptime: 100, streak: 10_001, delay: 15_000 },
    // up for 30 s counts as healthy: the next crash is a first crash again
    { previous: 4, uptime: 30_000, streak: 1, delay: 500 },
    { previous: 9, uptime: 3_600_000, streak: 1, delay: 500 },
    { previous: 0, uptime: 0, streak: 1, delay: 500 },
  ])(
    "after $previous crashes in a row and $uptime ms up: crash $streak, wait $delay ms",
    ({ previous, uptime, streak, delay }) => {
      expect(afterCrash(previous, uptime)).toEqual({ streak, delayMs: delay });
    },
  );

  it("follows the policy it is given", () => {
    const policy = { ...RESTART_POLICY, firstDelayMs: 100, maxDelayMs: 250, healthyAfterMs: 10 };
    expect(afterCrash(0, 0, policy)).toEqual({ streak: 1, delayMs: 100 });
    expect(afterCrash(1, 9, policy)).toEqual({ streak: 2, delayMs: 200 });
    expect(afterCrash(2, 9, policy)).toEqual({ streak: 3, delayMs: 250 });
    expect(afterCrash(2, 10, policy)).toEqual({ streak: 1, delayMs: 100 });
  });
});
