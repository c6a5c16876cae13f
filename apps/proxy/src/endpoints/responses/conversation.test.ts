// A function-call round trip and a conversation continued by previous_response_id, then the
// stored responses read back (retrieve, input_items) and deleted, with the official openai
// client, on a channel that keeps responses upstream and on translated ones where Relay keeps
// them. Every turn is charged exactly its usage, the carried-over conversation included.
import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../../testing/harness.ts";
import { MODELS, priceOf, startResponsesHarness } from "./fixture.ts";

let h: Harness;

beforeAll(async () => {
  h = await startResponsesHarness();
});
afterAll(async () => {
  await h.close();
});

const weather: OpenAI.Responses.FunctionTool = {
  type: "function",
  name: "get_weather",
  description: "Current weather for a city",
  parameters: {
    type: "object",
    properties: { location: { type: "string" } },
    required: ["location"],
    additionalProperties: false,
  },
  strict: true,
};

describe.each([
  ["an OpenAI channel (kept upstream)", MODELS.native],
  ["an Azure channel (kept upstream)", MODELS.azure],
  ["an OpenAI-compatible channel (kept by Relay)", MODELS.chat],
  ["an Anthropic channel (kept by Relay)", MODELS.claude],
])("a conversation on %s", (_name, model) => {
  it("calls a function, answers its output through previous_response_id, charging each turn", async () => {
    const { tenantId, key } = await h.tenant();
    const client = h.client(key);
    const start = await h.balance(tenantId);

    const first = await client.responses.create({
      model,
      input: "What is the weather in Paris?",
      tools: [weather],
    });
    const call = first.output.find((item) => item.type === "function_call");
    expect(call).toMatchObject({ type: "function_call", name: "get_weather", status: "completed" });
    if (call?.type !== "function_call") throw new Error("no function call");
    expect(JSON.parse(call.arguments)).toHaveProperty("location");
    const afterFirst = await h.balance(tenantId);
    expect(start.balance - afterFirst.balance).toBe(priceOf(first.usage));

    const second = await client.responses.create({
      model,
      previous_response_id: first.id,
      input: [{ type: "function_call_output", call_id: call.call_id, output: '{"temp_c":21}' }],
      tools: [weather],
    });
    expect(second.previous_response_id).toBe(first.id);
    expect(second.output_text.length).toBeGreaterThan(0);
    // The first turn was carried over: the second's prompt holds it.
    expect(second.usage?.input_tokens).toBeGreaterThan(first.usage?.input_tokens ?? 0);
    const afterSecond = await h.balance(tenantId);
    expect(afterFirst.balance - afterSecond.balance).toBe(priceOf(second.usage));
    expect(afterSecond.held).toBe(0n);
  });

  it("retrieves, lists the input of and deletes a stored response", async () => {
    const { key } = await h.tenant();
    const client = h.client(key);
    const made = await client.responses.create({ model, input: "Remember this sentence." });

    const again = await client.responses.retrieve(made.id);
    expect(again.id).toBe(made.id);
    expect(again.output_text).toBe(made.output_text);
    const items = await client.responses.inputItems.list(made.id);
    expect(items.data).toHaveLength(1);
    expect(items.data[0]).toMatchObject({ type: "message", role: "user" });

    const deleted = await client.responses.delete(made.id);
    expect(deleted).toMatchObject({ id: made.id, object: "response", deleted: true });
    await expect(client.responses.retrieve(made.id)).rejects.toMatchObject({ status: 404 });
  });

  it("keeps nothing with store: false", async () => {
    const { key } = await h.tenant();
    const client = h.client(key);
    const made = await client.responses.create({ model, input: "Forget this.", store: false });
    await expect(client.responses.retrieve(made.id)).rejects.toMatchObject({ status: 404 });
    await expect(
      client.responses.create({ model, previous_response_id: made.id, input: "And now?" }),
    ).rejects.toMatchObject({ status: 400, code: "previous_response_not_found" });
  });
});

describe("a conversation Relay keeps", () => {
  it("continues on a channel that speaks the Responses API, replayed to it as input items", async () => {
    const { tenantId, key } = await h.tenant();
    const client = h.client(key);
    const first = await client.responses.create({
      model: MODELS.chat,
      instructions: "Be brief.",
      input: "Name a river.",
    });
    const before = await h.balance(tenantId);
    const second = await client.responses.create({
      model: MODELS.native,
      previous_response_id: first.id,
      input: "And a lake?",
    });
    const sent = h.sim.requests.at(-1);
    expect(sent?.path).toBe("/v1/responses");
    expect(sent?.body).not.toHaveProperty("previous_response_id");
    expect(sent?.body).toMatchObject({
      input: [
        { type: "message", role: "user", content: [{ type: "input_text", text: "Name a river." }] },
        { type: "message", role: "assistant", content: [{ text: first.output_text }] },
        { type: "message", role: "user", content: "And a lake?" },
      ],
    });
    expect(second.output_text.length).toBeGreaterThan(0);
    const after = await h.balance(tenantId);
    expect(before.balance - after.balance).toBe(priceOf(second.usage));
  });
});
