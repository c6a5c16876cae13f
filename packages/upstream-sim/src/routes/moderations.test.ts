import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUpstreamSim, type UpstreamSim } from "../server.ts";

let sim: UpstreamSim;
let client: OpenAI;

beforeAll(async () => {
  sim = await startUpstreamSim();
  client = new OpenAI({ baseURL: sim.url, apiKey: "test", maxRetries: 0 });
});
afterAll(() => sim.close());

describe("moderations", () => {
  it("flags violence in text that mentions killing, and nothing else", async () => {
    const res = await client.moderations.create({
      input: ["I will kill the process", "What a lovely morning"],
    });
    const [violent, calm] = res.results;
    expect(res.id).toMatch(/^modr-/);
    expect(res.model).toBe("omni-moderation-latest");
    expect(violent?.flagged).toBe(true);
    expect(violent?.categories.violence).toBe(true);
    expect(violent?.category_scores.violence).toBeGreaterThan(0.9);
    expect(violent?.categories.hate).toBe(false);
    expect(calm?.flagged).toBe(false);
    expect(calm?.category_scores.violence).toBeLessThan(0.01);
    expect(violent?.category_applied_input_types?.violence).toEqual(["text"]);
  });

  it("scores the same text the same way", async () => {
    const a = await client.moderations.create({ input: "hello there" });
    const b = await client.moderations.create({ input: "hello there" });
    expect(b.results).toEqual(a.results);
  });

  it("treats an array of parts as one input", async () => {
    const res = await client.moderations.create({
      model: "omni-moderation-latest",
      input: [
        { type: "text", text: "kill" },
        { type: "image_url", image_url: { url: "https://example.com/a.png" } },
      ],
    });
    expect(res.results).toHaveLength(1);
    expect(res.results[0]?.category_applied_input_types?.violence).toEqual(["text", "image"]);
  });
});
