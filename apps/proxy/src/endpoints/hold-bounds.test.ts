// Through the proxy: a call with no cap is held for the most it can cost, so a burst of them
// cannot spend past the balance; and a prompt that cannot fit the model is refused before
// anything is forwarded or held.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, modelOn, startHarness } from "../testing/harness.ts";
import { countChatPromptTokens, countTextTokens } from "../tokenize/index.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  // $1 / $2 per 1M tokens, at most 256 tokens a completion; the simulator's replies are 20 to
  // 60 tokens, and with max_tokens null it sends each whole.
  await modelOn(h.db, "burst-instruct", [h.sim.url]);
  await h.db.model.update({
    where: { id: "burst-instruct" },
    data: { contextWindow: 8_192, maxOutputTokens: 256 },
  });
  await h.proxy.gateway.catalog.refresh();
});
afterAll(async () => {
  await h.close();
});

describe("uncapped completions", () => {
  it("200 parallel calls with max_tokens null and n 4 on $0.01: never below zero, exact ledger", async () => {
    const { tenantId, key } = await h.tenant({ credit: "0.01" });
    const tenant = { where: { id: tenantId }, select: { balance: true } } as const;
    let lowest = (await h.db.tenant.findUniqueOrThrow(tenant)).balance;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const { balance } = await h.db.tenant.findUniqueOrThrow(tenant);
        if (balance < lowest) lowest = balance;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const response = await fetch(`${h.baseURL}/completions`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: JSON.stringify({
            model: "burst-instruct",
            prompt: `Write a line about river ${i}`,
            max_tokens: null,
            n: 4,
          }),
        });
        const body = (await response.json()) as { error?: { code?: string } };
        return response.status === 200 ? "ok" : (body.error?.code ?? String(response.status));
      }),
    );
    sampling = false;
    await sampler;
    const ok = outcomes.filter((o) => o === "ok").length;
    const refused = outcomes.filter((o) => o === "insufficient_quota").length;
    expect(ok + refused).toBe(200);
    expect(ok).toBeGreaterThan(0);

    const state = await h.balance(tenantId);
    if (state.balance < lowest) lowest = state.balance;
    console.info(
      `uncapped burst: 200 sent, ${ok} served, ${refused} refused, lowest balance seen ${lowest}, final ${state.balance} micro-dollars`,
    );
    expect(lowest).toBeGreaterThanOrEqual(0n);
    expect(state.balance).toBeGreaterThanOrEqual(0n);
    expect(state.held).toBe(0n);
    expect(state.balance).toBe(state.ledger);
    const charged = await h.db.usageRecord.aggregate({
      where: { tenantId, status: 200 },
      _sum: { price: true },
      _count: true,
    });
    expect(charged._count).toBe(ok);
    expect(10_000n - (charged._sum.price ?? 0n)).toBe(state.balance);
  }, 120_000);
});

describe("context_length_exceeded", () => {
  it("refuses a prompt past the window with OpenAI's 400: nothing forwarded, nothing charged", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    const forwarded = h.sim.requests.length;

    const prompt = "hello ".repeat(5_000);
    const promptTokens = countTextTokens(prompt, "gpt-3.5-turbo-instruct");
    const response = await fetch(`${h.baseURL}/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-3.5-turbo-instruct", prompt, max_tokens: null }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: {
        message: `This model's maximum context length is 4096 tokens, however you requested ${promptTokens} tokens (${promptTokens} in your prompt; 0 for the completion). Please reduce your prompt; or completion length.`,
        type: "invalid_request_error",
        param: "prompt",
        code: "context_length_exceeded",
      },
    });

    const messages = [{ role: "user" as const, content: "hello ".repeat(20_000) }];
    const chatTokens = countChatPromptTokens(messages, "gpt-3.5-turbo");
    const refused = await h
      .client(key)
      .chat.completions.create({ model: "gpt-3.5-turbo", messages })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect(refused).toMatchObject({
      status: 400,
      code: "context_length_exceeded",
      param: "messages",
      message: `400 This model's maximum context length is 16385 tokens. However, your messages resulted in ${chatTokens} tokens. Please reduce the length of the messages.`,
    });

    expect(h.sim.requests.length).toBe(forwarded);
    const after = await h.balance(tenantId);
    expect(after).toEqual({ ...before, held: 0n });
    expect(after.balance).toBe(after.ledger);
  });
});
