// POST /v1/messages/count_tokens: free, answered by our tokenizer without calling any upstream,
// with the count the call itself is held by.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../../testing/harness.ts";
import { addClaude, anthropic, CLAUDE, weatherTool } from "./test-setup.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await addClaude(h);
});
afterAll(async () => {
  await h.close();
});

describe("POST /v1/messages/count_tokens", () => {
  it("countTokens: the prompt's tokens as the upstream then counts them, free, nothing forwarded", async () => {
    const { tenantId, key } = await h.tenant();
    const client = anthropic(h, key);
    const request = {
      model: "gpt-4o-mini",
      system: "You are terse.",
      messages: [{ role: "user" as const, content: "How long is the Danube?" }],
    };
    const before = await h.balance(tenantId);
    const forwarded = h.sim.requests.length;
    const counted = await client.messages.countTokens(request);
    expect(h.sim.requests.length).toBe(forwarded);
    expect(await h.balance(tenantId)).toEqual(before);

    const message = await client.messages.create({ ...request, max_tokens: 16 });
    expect(counted).toEqual({ input_tokens: message.usage.input_tokens });
  });

  it("counts tools and content blocks, for any model the key may use", async () => {
    const { key } = await h.tenant();
    const client = anthropic(h, key);
    const messages = [{ role: "user" as const, content: "What's the weather in Oslo?" }];
    const plain = await client.messages.countTokens({ model: CLAUDE, messages });
    const withTools = await client.messages.countTokens({
      model: CLAUDE,
      messages,
      tools: [weatherTool],
    });
    expect(plain.input_tokens).toBeGreaterThan(0);
    expect(withTools.input_tokens).toBeGreaterThan(plain.input_tokens);
  });

  it("an unknown model is Anthropic's not_found_error", async () => {
    const { key } = await h.tenant();
    await expect(
      anthropic(h, key).messages.countTokens({
        model: "no-such-model",
        messages: [{ role: "user", content: "hi" }],
      }),
    ).rejects.toMatchObject({
      status: 404,
      error: { type: "error", error: { type: "not_found_error" } },
    });
  });
});
