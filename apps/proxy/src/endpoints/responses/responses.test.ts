// The official openai client's responses.create against the Responses API, on a channel that
// speaks it (passed through) and on ones that do not (translated to chat completions): the
// balance moves by exactly the price of the usage the response reports.
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

describe.each([
  ["passed through to an OpenAI channel", MODELS.native, "/v1/responses"],
  ["passed through to an Azure channel", MODELS.azure, "/openai/v1/responses"],
  ["translated for an OpenAI-compatible channel", MODELS.chat, "/v1/chat/completions"],
  ["translated for an Anthropic channel", MODELS.claude, "/v1/messages"],
])("responses.create %s", (_name, model, upstreamPath) => {
  it("answers with output_text and charges exactly its usage", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    const response = await h.client(key).responses.create({
      model,
      instructions: "Answer briefly.",
      input: "Say hello to Relay",
      max_output_tokens: 200,
    });
    expect(h.sim.requests.at(-1)?.path).toBe(upstreamPath);
    expect(response).toMatchObject({ object: "response", status: "completed" });
    expect(response.id).toMatch(/^resp_/);
    expect(response.output_text.length).toBeGreaterThan(0);
    const after = await h.balance(tenantId);
    expect(before.balance - after.balance).toBe(priceOf(response.usage));
    expect(after.held).toBe(0n);
  });

  it("streams the event sequence and charges exactly the usage of response.completed", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    const stream = await h.client(key).responses.create({
      model,
      input: "Tell me a story",
      stream: true,
    });
    const types: string[] = [];
    let text = "";
    let usage: { input_tokens: number; output_tokens: number } | null | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === "response.output_text.delta") text += event.delta;
      if (event.type === "response.completed") usage = event.response.usage;
    }
    expect(types.slice(0, 4)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
    ]);
    expect(types).toContain("response.output_text.delta");
    expect(types.slice(-4)).toEqual([
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(text.length).toBeGreaterThan(0);
    const after = await h.balance(tenantId);
    expect(before.balance - after.balance).toBe(priceOf(usage));
    expect(after.held).toBe(0n);
  });
});
