// What a Responses API call asks for reaches the channel in its own terms, and what it costs is
// held and charged: text.format json schemas, reasoning effort (reasoning tokens are charged as
// output), and a follow-up held for the whole conversation it continues.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KeyRecord } from "../../auth/key-cache.ts";
import type { Harness } from "../../testing/harness.ts";
import { responses } from "./create.ts";
import { MODELS, priceOf, startResponsesHarness } from "./fixture.ts";

let h: Harness;

beforeAll(async () => {
  h = await startResponsesHarness();
});
afterAll(async () => {
  await h.close();
});

const cityFormat = {
  type: "json_schema" as const,
  name: "city",
  strict: true,
  schema: {
    type: "object",
    properties: { name: { type: "string" }, population: { type: "integer" } },
    required: ["name", "population"],
    additionalProperties: false,
  },
};

describe.each([
  ["an OpenAI channel", MODELS.native],
  ["a translated channel", MODELS.chat],
])("options on %s", (_name, model) => {
  it("text.format json_schema answers JSON of that schema", async () => {
    const { key } = await h.tenant();
    const response = await h.client(key).responses.create({
      model,
      input: "Name a city.",
      text: { format: cityFormat },
    });
    const city = JSON.parse(response.output_text) as Record<string, unknown>;
    expect(Object.keys(city).sort()).toEqual(["name", "population"]);
    expect(Number.isInteger(city.population)).toBe(true);
    expect(response.text?.format).toMatchObject({ type: "json_schema", name: "city" });
  });
});

describe("reasoning", () => {
  it("is passed through, and its reasoning tokens are charged as output", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    const response = await h.client(key).responses.create({
      model: MODELS.native,
      input: "Think about rivers.",
      reasoning: { effort: "high" },
    });
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBe(512);
    expect(response.usage?.output_tokens).toBeGreaterThan(512);
    const after = await h.balance(tenantId);
    expect(before.balance - after.balance).toBe(priceOf(response.usage));
  });

  it("becomes reasoning_effort for a chat channel", async () => {
    const { key } = await h.tenant();
    await h.client(key).responses.create({
      model: MODELS.chat,
      input: "Think about rivers.",
      reasoning: { effort: "low" },
    });
    expect(h.sim.requests.at(-1)?.body).toMatchObject({ reasoning_effort: "low" });
  });
});

describe("the hold of a follow-up", () => {
  it.each([
    ["kept upstream", MODELS.native],
    ["kept by Relay", MODELS.chat],
  ])("covers the conversation it continues (%s)", async (_name, model) => {
    const { tenantId, keyId, key } = await h.tenant();
    const first = await h.client(key).responses.create({
      model,
      instructions: "Answer at length.",
      input: "Tell me everything about rivers.",
    });
    const catalogModel = (await h.proxy.gateway.catalog.models()).get(model);
    if (!catalogModel) throw new Error(`${model} is not in the catalog`);
    expect(key).toBeTruthy();
    // forCall reads only whose the call is.
    const scope = {
      key: { id: keyId, tenantId } as KeyRecord,
      gateway: h.proxy.gateway,
      requestId: "req_test",
    };
    const alone = { model, input: "And then?" };
    const followUp = { ...alone, previous_response_id: first.id };
    const fresh = (await responses.forCall?.(alone, scope))?.estimate(alone, catalogModel);
    const continued = (await responses.forCall?.(followUp, scope))?.estimate(
      followUp,
      catalogModel,
    );
    const carried = (first.usage?.input_tokens ?? 0) + (first.usage?.output_tokens ?? 0);
    expect(continued?.promptTokens).toBeGreaterThanOrEqual(
      (fresh?.promptTokens ?? 0) + carried - 8,
    );
  });
});
