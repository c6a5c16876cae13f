import { describe, expect, it } from "vitest";
import { measureStalls, StallCounter } from "./stalls.ts";

describe("StallCounter", () => {
  it("counts the gaps of a millisecond or more, the longest, and the share of time they took", () => {
    const counter = new StallCounter();
    for (const t of [0, 0.2, 0.4, 5.4, 5.6, 5.8, 7.8, 8, 10]) counter.observe(t);
    expect(counter.result()).toEqual({
      seconds: 0.01,
      count: 3,
      longestMs: 5,
      // 5 + 2 + 2 of 10 ms.
      lostShare: 0.9,
    });
  });

  it("reports nothing lost for a thread that never stopped, or for no readings", () => {
    const counter = new StallCounter();
    for (let t = 0; t <= 100; t += 0.5) counter.observe(t);
    expect(counter.result()).toEqual({ seconds: 0.1, count: 0, longestMs: 0, lostShare: 0 });
    expect(new StallCounter().result()).toEqual({
      seconds: 0,
      count: 0,
      longestMs: 0,
      lostShare: 0,
    });
  });
});

describe("measureStalls", () => {
  it("spins for the time asked and accounts for no more than that", () => {
    const stalls = measureStalls(0.05);
    expect(stalls.seconds).toBeGreaterThanOrEqual(0.049);
    expect(stalls.lostShare).toBeGreaterThanOrEqual(0);
    expect(stalls.lostShare).toBeLessThanOrEqual(1);
    expect(stalls.longestMs).toBeLessThanOrEqual(stalls.seconds * 1000);
  });
});
