// Every metered endpoint through the official SDK: the tenant's balance moves by exactly the
// price of the usage the upstream reported, and the usage record says so.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, miniPrice, startHarness } from "../testing/harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function lastUsage(tenantId: string) {
  await h.proxy.flush();
  return h.db.usageRecord.findFirstOrThrow({ where: { tenantId }, orderBy: { id: "desc" } });
}

describe("metered endpoints", () => {
  it("chat completion: charges exactly prompt and completion tokens at the model's price", async () => {
    const { tenantId, key } = await h.tenant({ credit: "10" });
    const before = await h.balance(tenantId);
    const answer = await h.client(key).chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Say hello to Relay" }],
      max_tokens: 50,
      user: "end-user-1",
    });
    expect(answer.object).toBe("chat.completion");
    const usage = answer.usage ?? { prompt_tokens: -1, completion_tokens: -1 };
    const price = miniPrice(usage);
    expect(price).toBeGreaterThan(0n);
    const after = await h.balance(tenantId);
    expect(before.balance - after.balance).toBe(price);
    expect(after.held).toBe(0n);
    expect(after.balance).toBe(after.ledger);

    const record = await lastUsage(tenantId);
    expect(record).toMatchObject({
      model: "gpt-4o-mini",
      endpoint: "/chat/completions",
      status: 200,
      stream: false,
      promptTokens: usage.prompt_tokens,
      completionTokens: usage.completion_tokens,
      price,
    });
    expect(record.upstreamCost).toBe(
      (BigInt(usage.prompt_tokens) * 150_000n +
        BigInt(usage.completion_tokens) * 600_000n +
        999_999n) /
        1_000_000n,
    );
    // What the proxy forwarded: the client's parameters, the channel's model name.
    const forwarded = h.sim.requests.at(-1)?.body as Record<string, unknown>;
    expect(forwarded).toMatchObject({ model: "gpt-4o-mini", max_tokens: 50, user: "end-user-1" });
  });

  it("a tenant in a price group pays the group's multiple of the list price", async () => {
    const { tenantId, key } = await h.tenant();
    const group = await h.db.priceGroup.create({
      data: { name: `reseller-${tenantId}`, multiplierPpm: 1_500_000 },
    });
    await h.db.tenant.update({ where: { id: tenantId }, data: { priceGroupId: group.id } });
    await new Promise((resolve) => setTimeout(resolve, 250)); // the key cache (200 ms here) refreshes
    const before = await h.balance(tenantId);
    const answer = await h.client(key).chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "priced at one and a half" }],
    });
    const u = answer.usage ?? { prompt_tokens: 0, completion_tokens: 0 };
    const exact = BigInt(u.prompt_tokens) * 200_000n + BigInt(u.completion_tokens) * 800_000n;
    const after = await h.balance(tenantId);
    expect(before.balance - after.balance).toBe((exact * 3n + 1_999_999n) / 2_000_000n);
  });

  it("chat stream without include_usage: same text, usage chunk hidden, charged exactly", async () => {
    const { tenantId, key } = await h.tenant();
    const request = {
      model: "gpt-4o-mini",
      messages: [{ role: "user" as const, content: "Stream me a story" }],
      max_tokens: 40,
    };
    const plain = await h.client(key).chat.completions.create(request);
    const before = await h.balance(tenantId);

    const stream = await h.client(key).chat.completions.create({ ...request, stream: true });
    let text = "";
    let chunks = 0;
    for await (const chunk of stream) {
      chunks += 1;
      expect(chunk.usage ?? undefined).toBeUndefined();
      expect(chunk.choices.length).toBeGreaterThan(0);
      text += chunk.choices[0]?.delta.content ?? "";
    }
    expect(chunks).toBeGreaterThan(2);
    expect(text).toBe(plain.choices[0]?.message.content);
    // The proxy asked the upstream for usage anyway.
    const forwarded = h.sim.requests.at(-1)?.body as Record<string, unknown> | undefined;
    expect(forwarded?.stream_options).toEqual({ include_usage: true });

    const after = await h.balance(tenantId);
    expect(before.balance - after.balance).toBe(
      miniPrice(plain.usage ?? { prompt_tokens: 0, completion_tokens: 0 }),
    );
    expect(await lastUsage(tenantId)).toMatchObject({ stream: true, errorCode: null });
  });

  it("chat stream with include_usage: the client gets the usage chunk, ending with [DONE]", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    const response = await fetch(`${h.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: "usage please" }],
        stream: true,
        stream_options: { include_usage: true },
      }),
    });
    const raw = await response.text();
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
    expect(raw.endsWith("data: [DONE]\n\n")).toBe(true);
    const events = raw.split("\n\n").filter((e) => e.startsWith("data: {"));
    const last = JSON.parse(events.at(-1)?.slice(6) ?? "{}") as {
      choices: unknown[];
      usage: { prompt_tokens: number; completion_tokens: number };
    };
    expect(last.choices).toEqual([]);
    const after = await h.balance(tenantId);
    expect(before.balance - after.balance).toBe(miniPrice(last.usage));
    const record = await lastUsage(tenantId);
    expect(record.requestId).toBe(response.headers.get("x-request-id"));
  });

  it("legacy completions, stream and not, with token-array prompts", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    const answer = await h.client(key).completions.create({
      model: "gpt-3.5-turbo-instruct",
      prompt: [
        [1, 2, 3, 4],
        [5, 6, 7],
      ],
      max_tokens: 8,
      echo: false,
    });
    const u = answer.usage ?? { prompt_tokens: 0, completion_tokens: 0 };
    // gpt-3.5-turbo-instruct sells at $1.80 / $2.40 per 1M.
    const price =
      (BigInt(u.prompt_tokens) * 1_800_000n + BigInt(u.completion_tokens) * 2_400_000n + 999_999n) /
      1_000_000n;
    const mid = await h.balance(tenantId);
    expect(before.balance - mid.balance).toBe(price);

    const stream = await h.client(key).completions.create({
      model: "gpt-3.5-turbo-instruct",
      prompt: "Once upon a time",
      max_tokens: 12,
      stream: true,
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? "";
    expect(text.length).toBeGreaterThan(0);
    const record = await lastUsage(tenantId);
    const after = await h.balance(tenantId);
    expect(mid.balance - after.balance).toBe(record.price);
    expect(record.price).toBe(
      (BigInt(record.promptTokens) * 1_800_000n +
        BigInt(record.completionTokens) * 2_400_000n +
        999_999n) /
        1_000_000n,
    );
    expect(record.completionTokens).toBeGreaterThan(0);
  });

  it("embeddings: string, array and token inputs charged per prompt token", async () => {
    const { tenantId, key } = await h.tenant();
    for (const input of ["one string", ["two", "strings"], [101, 102, 103]]) {
      const before = await h.balance(tenantId);
      const answer = await h.client(key).embeddings.create({
        model: "text-embedding-3-small",
        input,
        dimensions: 64,
        encoding_format: "float",
      });
      expect(answer.data[0]?.embedding).toHaveLength(64);
      const after = await h.balance(tenantId);
      // $0.03 per 1M tokens, rounded up per call.
      expect(before.balance - after.balance).toBe(
        (BigInt(answer.usage.prompt_tokens) * 30_000n + 999_999n) / 1_000_000n,
      );
    }
  });

  it("images: charged per image at the size and quality's price", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    const answer = await h.client(key).images.generate({
      model: "dall-e-3",
      prompt: "a lighthouse",
      n: 1,
      size: "1024x1024",
      quality: "hd",
      response_format: "b64_json",
    });
    expect(answer.data?.[0]?.b64_json).toBeTruthy();
    const after = await h.balance(tenantId);
    expect(before.balance - after.balance).toBe(100_000n); // $0.100 per HD 1024x1024 image
    expect(await lastUsage(tenantId)).toMatchObject({
      images: 1,
      price: 100_000n,
      upstreamCost: 80_000n,
    });
  });

  it("moderations: answered and recorded, never charged", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    const answer = await h.client(key).moderations.create({ input: "I will kill the process" });
    expect(answer.results[0]?.flagged).toBe(true);
    const after = await h.balance(tenantId);
    expect(after.balance).toBe(before.balance);
    expect(await lastUsage(tenantId)).toMatchObject({ endpoint: "/moderations", price: 0n });
  });

  it("edits (retired upstream): served by chat, answered in the edits shape, charged exactly", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    const response = await fetch(`${h.baseURL}/edits`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "gpt-4o-mini",
        input: "What day of the wek is it?",
        instruction: "Fix the spelling mistakes",
      }),
    });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as {
      object: string;
      choices: { text: string; index: number }[];
      usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
    };
    expect(answer.object).toBe("edit");
    expect(answer.choices[0]?.text.length).toBeGreaterThan(0);
    expect(answer.usage.total_tokens).toBe(
      answer.usage.prompt_tokens + answer.usage.completion_tokens,
    );
    const forwarded = h.sim.requests.at(-1);
    expect(forwarded?.path).toBe("/v1/chat/completions");
    expect(forwarded?.body).toMatchObject({
      messages: [
        { role: "system", content: "Fix the spelling mistakes" },
        { role: "user", content: "What day of the wek is it?" },
      ],
    });
    const after = await h.balance(tenantId);
    expect(before.balance - after.balance).toBe(miniPrice(answer.usage));
  });

  it("dashboard billing endpoints show the key's balance and spend per day", async () => {
    const { key } = await h.tenant({ credit: "7.5" });
    await h.client(key).chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "spend a little" }],
    });
    await h.proxy.flush();
    const headers = { authorization: `Bearer ${key}` };
    const subscription = (await (
      await fetch(`${h.baseURL}/dashboard/billing/subscription`, { headers })
    ).json()) as {
      hard_limit_usd: number;
    };
    expect(subscription.hard_limit_usd).toBeLessThan(7.5);
    expect(subscription.hard_limit_usd).toBeGreaterThan(7.49);

    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const usage = (await (
      await fetch(`${h.baseURL}/dashboard/billing/usage?start_date=${today}&end_date=${tomorrow}`, {
        headers,
      })
    ).json()) as {
      total_usage: number;
      daily_costs: { line_items: { name: string; cost: number }[] }[];
    };
    expect(usage.total_usage).toBeCloseTo((7.5 - subscription.hard_limit_usd) * 100, 6);
    expect(usage.daily_costs[0]?.line_items[0]?.name).toBe("gpt-4o-mini");

    const bad = await fetch(`${h.baseURL}/dashboard/billing/usage?start_date=yesterday`, {
      headers,
    });
    expect(bad.status).toBe(400);
  });
});
