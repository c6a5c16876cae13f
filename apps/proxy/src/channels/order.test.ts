import { describe, expect, it } from "vitest";
import type { ChannelRoute } from "../catalog/catalog.ts";
import { ChannelHealth } from "./health.ts";
import { channelOrder } from "./order.ts";

function route(id: string, priority: number, weight: number): ChannelRoute {
  return {
    upstreamModel: "m",
    channel: {
      id,
      name: id,
      provider: "OPENAI",
      baseUrl: "http://x",
      apiKey: "k",
      config: {},
      priority,
      weight,
      costMultiplierPpm: 1_000_000,
    },
  };
}

describe("channelOrder", () => {
  const routes = [route("low", 0, 1), route("a", 10, 3), route("b", 10, 1)];

  it("tries higher priorities first and splits traffic by weight within one", () => {
    const health = new ChannelHealth();
    const firsts = { a: 0, b: 0 } as Record<string, number>;
    let seed = 1;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let i = 0; i < 4000; i++) {
      const order = channelOrder(routes, health, random).map((r) => r.channel.id);
      expect(order).toHaveLength(3);
      expect(order[2]).toBe("low");
      const first = order[0] ?? "";
      firsts[first] = (firsts[first] ?? 0) + 1;
    }
    // weight 3 : 1 -> about 75% : 25%
    expect((firsts.a ?? 0) / 4000).toBeGreaterThan(0.7);
    expect((firsts.a ?? 0) / 4000).toBeLessThan(0.8);
  });

  it("puts a cooling channel last, and brings it back once it recovers", () => {
    let now = 0;
    const health = new ChannelHealth({ threshold: 2, cooldownMs: 1000, now: () => now });
    health.failure("a");
    expect(channelOrder(routes, health, () => 0)[0]?.channel.id).toBe("a");
    health.failure("a");
    expect(channelOrder(routes, health, () => 0).map((r) => r.channel.id)).toEqual([
      "b",
      "low",
      "a",
    ]);
    now = 1001;
    expect(channelOrder(routes, health, () => 0)[0]?.channel.id).toBe("a");
    health.failure("a");
    health.failure("a");
    health.recovered("a");
    expect(health.isCooling("a")).toBe(false);
  });
});
