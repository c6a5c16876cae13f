// The Vercel AI SDK's default OpenAI model, `openai(model)`, which calls /v1/responses: its
// generateText and streamText get their text and usage, and the balance moves by exactly that
// usage's price, whether the channel speaks the Responses API or is translated.
import { createOpenAI } from "@ai-sdk/openai";
import { generateText, streamText } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../../testing/harness.ts";
import { MODELS, startResponsesHarness } from "./fixture.ts";

let h: Harness;

beforeAll(async () => {
  h = await startResponsesHarness();
});
afterAll(async () => {
  await h.close();
});

/** The AI SDK's usage at $1 / $2 per 1M tokens, in micro-dollars. */
function priceOf(usage: { inputTokens?: number; outputTokens?: number }): bigint {
  if (usage.inputTokens === undefined || usage.outputTokens === undefined) {
    throw new Error("the SDK reported no usage");
  }
  return BigInt(usage.inputTokens) + 2n * BigInt(usage.outputTokens);
}

describe.each([
  ["an OpenAI channel", MODELS.native, "/v1/responses"],
  ["a translated OpenAI-compatible channel", MODELS.chat, "/v1/chat/completions"],
])("the AI SDK's openai(model) on %s", (_name, model, upstreamPath) => {
  it("generateText", async () => {
    const { tenantId, key } = await h.tenant();
    const openai = createOpenAI({ baseURL: h.baseURL, apiKey: key });
    const before = await h.balance(tenantId);
    const result = await generateText({ model: openai(model), prompt: "Say hello to Relay" });
    expect(h.sim.requests.at(-1)?.path).toBe(upstreamPath);
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.finishReason).toBe("stop");
    const after = await h.balance(tenantId);
    expect(before.balance - after.balance).toBe(priceOf(result.usage));
    expect(after.held).toBe(0n);
  });

  it("streamText", async () => {
    const { tenantId, key } = await h.tenant();
    const openai = createOpenAI({ baseURL: h.baseURL, apiKey: key });
    const before = await h.balance(tenantId);
    const result = streamText({ model: openai(model), prompt: "Tell me a story" });
    let text = "";
    for await (const delta of result.textStream) text += delta;
    expect(text.length).toBeGreaterThan(0);
    expect(await result.text).toBe(text);
    const usage = await result.usage;
    const after = await h.balance(tenantId);
    expect(before.balance - after.balance).toBe(priceOf(usage));
    expect(after.held).toBe(0n);
  });
});
