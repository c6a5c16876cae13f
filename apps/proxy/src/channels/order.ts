// The order to try a model's channels in: by priority, highest first; within a priority, a
// weighted random order (each draw proportional to weight, without replacement), so traffic
// splits by weight while every channel stays available for failover. Cooling channels go last:
// tried only when every healthy one has failed.
import type { ChannelRoute } from "../catalog/catalog.ts";
import type { ChannelHealth } from "./health.ts";

export function channelOrder(
  routes: readonly ChannelRoute[],
  health: ChannelHealth,
  random: () => number = Math.random,
): ChannelRoute[] {
  // A model on one channel (the usual case) has one order: no groups, no draws.
  if (routes.length === 1) return [...routes];
  const healthy = routes.filter((r) => !health.isCooling(r.channel.id));
  const cooling = routes.filter((r) => health.isCooling(r.channel.id));
  return [...byPriority(healthy, random), ...byPriority(cooling, random)];
}

function byPriority(routes: readonly ChannelRoute[], random: () => number): ChannelRoute[] {
  const groups = new Map<number, ChannelRoute[]>();
  for (const route of routes) {
    const group = groups.get(route.channel.priority) ?? [];
    group.push(route);
    groups.set(route.channel.priority, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => b - a)
    .flatMap(([, group]) => weightedShuffle(group, random));
}

function weightedShuffle(routes: ChannelRoute[], random: () => number): ChannelRoute[] {
  const pool = [...routes];
  const out: ChannelRoute[] = [];
  while (pool.length > 0) {
    const total = pool.reduce((sum, r) => sum + r.channel.weight, 0);
    let pick = random() * total;
    let index = pool.findIndex((r) => {
      pick -= r.channel.weight;
      return pick < 0;
    });
    if (index < 0) index = pool.length - 1;
    const [chosen] = pool.splice(index, 1);
    if (chosen) out.push(chosen);
  }
  return out;
}
