// The same OpenAI client, unchanged, served by Azure- and Anthropic-shaped upstreams: requests
// are mapped to each provider's wire format, answers come back in OpenAI's, charges are exact.
import { parseUsd } from "@relay/billing";
import { addChannel, setPrice } from "@relay/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptionKey, type Harness, startHarness } from "../testing/harness.ts";

let h: Harness;
const actor = { label: "test" };

beforeAll(async () => {
  h = await startHarness();
  for (const [model, provider, upstreamModel] of [
    ["azure-gpt", "AZURE", "my-deployment"],
    ["claude-sim", "ANTHROPIC", "claude-sonnet-4-5"],
  ] as const) {
    await setPrice({
      ctx: { db: h.db, actor },
      input: { model, scope: "SALE", input: parseUsd("3"), output: parseUsd("15") },
    });
    await addChannel({
      ctx: { db: h.db, actor },
      input: {
        provider,
        name: `${provider} sim`,
        baseUrl: provider === "AZURE" ? h.sim.url.replace(/\/v1$/, "") : h.sim.url,
        apiKey: "upstream-secret",
        models: [{ model, upstreamModel }],
        priority: 0,
        weight: 1,
        config: provider === "AZURE" ? { apiVersion: "2024-10-21" } : {},
      },
      encryptionKey,
    });
  }
  await h.proxy.gateway.catalog.refresh();
});
afterAll(async () => {
  await h.close();
});

// $3 / $15 per 1M tokens.
const price = (u: { prompt_tokens: number; completion_tokens: number }) =>
  (BigInt(u.prompt_tokens) * 3_000_000n + BigInt(u.completion_tokens) * 15_000_000n + 999_999n) /
  1_000_000n;

describe("providers", () => {
  it("Azure: deployment in the path, api-version, api-key header", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    const answer = await h.client(key).chat.completions.create({
      model: "azure-gpt",
      messages: [{ role: "user", content: "hi azure" }],
    });
    const sent = h.sim.requests.at(-1);
    expect(sent?.path).toBe("/openai/deployments/my-deployment/chat/completions");
    expect(sent?.search).toBe("?api-version=2024-10-21");
    expect(sent?.headers["api-key"]).toBe("upstream-secret");
    expect(sent?.headers.authorization).toBeUndefined();
    const after = await h.balance(tenantId);
    expect(before.balance - after.balance).toBe(
      price(answer.usage ?? { prompt_tokens: 0, completion_tokens: 0 }),
    );
  });

  it("Anthropic: a chat completion translated both ways, charged from Anthropic's usage", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    const answer = await h.client(key).chat.completions.create({
      model: "claude-sim",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "hello claude" },
      ],
      max_tokens: 64,
    });
    expect(answer.object).toBe("chat.completion");
    expect(answer.model).toBe("claude-sim");
    expect(answer.choices[0]?.message.content).toBeTruthy();
    const sent = h.sim.requests.at(-1);
    expect(sent?.path).toBe("/v1/messages");
    expect(sent?.headers["x-api-key"]).toBe("upstream-secret");
    expect(sent?.body).toMatchObject({
      model: "claude-sonnet-4-5",
      system: "Be brief.",
      max_tokens: 64,
    });
    const after = await h.balance(tenantId);
    expect(before.balance - after.balance).toBe(
      price(answer.usage ?? { prompt_tokens: 0, completion_tokens: 0 }),
    );
  });

  it("Anthropic streaming: OpenAI chunks, the same text, usage only when asked, charged exactly", async () => {
    const { tenantId, key } = await h.tenant();
    const request = {
      model: "claude-sim",
      messages: [{ role: "user" as const, content: "stream, claude" }],
      max_tokens: 48,
    };
    const whole = await h.client(key).chat.completions.create(request);
    const before = await h.balance(tenantId);
    const stream = await h.client(key).chat.completions.create({
      ...request,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let usage: { prompt_tokens: number; completion_tokens: number } | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(whole.choices[0]?.message.content);
    expect(usage).toEqual(expect.objectContaining({ prompt_tokens: whole.usage?.prompt_tokens }));
    const after = await h.balance(tenantId);
    expect(before.balance - after.balance).toBe(
      price(usage ?? { prompt_tokens: 0, completion_tokens: 0 }),
    );
  });

  it("Anthropic: a parameter it cannot honour is a 400, and costs nothing", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    await expect(
      h.client(key).chat.completions.create({
        model: "claude-sim",
        messages: [{ role: "user", content: "two please" }],
        n: 2,
      }),
    ).rejects.toMatchObject({ status: 400 });
    const after = await h.balance(tenantId);
    expect(after.balance).toBe(before.balance);
    expect(after.held).toBe(0n);
  });
});
