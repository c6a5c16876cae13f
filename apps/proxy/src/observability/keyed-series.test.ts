import { Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { KeyedCounter, KeyedHistogram } from "./keyed-series.ts";

describe("keyed series", () => {
  it("exposes a histogram exactly as prom-client's own would", async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const bounds = [0.05, 0.1, 1];
    const keyed = new KeyedHistogram("h_seconds", "help", ["endpoint", "model"], bounds, ours);
    const reference = new Histogram({
      name: "h_seconds",
      help: "help",
      labelNames: ["endpoint", "model"],
      buckets: bounds,
      registers: [theirs],
    });
    const observations: [string, string, number][] = [
      ["/v1/chat/completions", "gpt-4o-mini", 0.01],
      ["/v1/chat/completions", "gpt-4o-mini", 0.05],
      ["/v1/chat/completions", "gpt-4o-mini", 0.3],
      ["/v1/chat/completions", "gpt-4o-mini", 7],
      ["/v1/embeddings", 'quote"d\\model', 0.1],
    ];
    for (const [endpoint, model, value] of observations) {
      keyed.observe([endpoint, model], value);
      reference.observe({ endpoint, model }, value);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.metrics()).toContain(
      'h_seconds_bucket{le="0.05",endpoint="/v1/chat/completions",model="gpt-4o-mini"} 2',
    );
  });

  it("counts by label values, and starts afresh on reset", async () => {
    const registry = new Registry();
    const counter = new KeyedCounter("c_total", "help", ["endpoint", "status"], registry);
    counter.inc(["/v1/chat/completions", "200"]);
    counter.inc(["/v1/chat/completions", "200"]);
    counter.inc(["/v1/chat/completions", "429"], 3);
    const text = await registry.metrics();
    expect(text).toContain('c_total{endpoint="/v1/chat/completions",status="200"} 2');
    expect(text).toContain('c_total{endpoint="/v1/chat/completions",status="429"} 3');
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain("c_total{");
  });
});
