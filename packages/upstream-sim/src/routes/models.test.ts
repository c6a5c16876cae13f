import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUpstreamSim, type UpstreamSim } from "../server.ts";
import { DEFAULT_MODELS } from "./models.ts";

let sim: UpstreamSim;
let client: OpenAI;

beforeAll(async () => {
  sim = await startUpstreamSim();
  client = new OpenAI({ baseURL: sim.url, apiKey: "test", maxRetries: 0 });
});
afterAll(() => sim.close());

describe("models", () => {
  it("lists and retrieves the catalogue", async () => {
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(DEFAULT_MODELS);

    const model = await client.models.retrieve("gpt-4o-mini");
    expect(model).toMatchObject({ id: "gpt-4o-mini", object: "model", owned_by: "system" });
  });

  it("answers 404 model_not_found for an unknown model", async () => {
    const missing = client.models.retrieve("gpt-nope");
    await expect(missing).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(missing).rejects.toMatchObject({ code: "model_not_found", param: "model" });
  });

  it("lists a configured catalogue", async () => {
    const custom = await startUpstreamSim({ models: ["alpha", "beta"] });
    try {
      const other = new OpenAI({ baseURL: custom.url, apiKey: "test", maxRetries: 0 });
      const page = await other.models.list();
      expect(page.data.map((m) => m.id)).toEqual(["alpha", "beta"]);
    } finally {
      await custom.close();
    }
  });
});
