import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startUpstreamSim, type UpstreamSim } from "./server.ts";

let sim: UpstreamSim;
let client: OpenAI;

beforeAll(async () => {
  sim = await startUpstreamSim();
  client = new OpenAI({ baseURL: sim.url, apiKey: "test", maxRetries: 0 });
});
afterEach(() => sim.faults.clear());
afterAll(() => sim.close());

const chat = { model: "gpt-4o-mini", messages: [{ role: "user" as const, content: "Hello" }] };

describe("fault switches", () => {
  it("answers 500 for `times` requests, then recovers", async () => {
    sim.faults.set({ status: 500, times: 2 });
    for (let i = 0; i < 2; i += 1) {
      const failed = client.chat.completions.create(chat);
      await expect(failed).rejects.toBeInstanceOf(OpenAI.InternalServerError);
      await expect(failed).rejects.toMatchObject({ status: 500, type: "server_error" });
    }
    expect(sim.faults.current).toBeUndefined();
    const ok = await client.chat.completions.create(chat);
    expect(ok.choices[0]?.message.content).toBeTruthy();
  });

  it("answers 429 with retry-after, and the SDK's retry then succeeds", async () => {
    sim.faults.set({ status: 429, times: 1 });
    const limited = client.chat.completions.create(chat).withResponse();
    await expect(limited).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    await expect(limited).rejects.toMatchObject({ code: "rate_limit_exceeded" });

    sim.faults.set({ status: 429, times: 1, retryAfterSeconds: 0 });
    const before = sim.requests.length;
    const retrying = new OpenAI({ baseURL: sim.url, apiKey: "test", maxRetries: 1 });
    const res = await retrying.chat.completions.create(chat);
    expect(res.choices[0]?.message.content).toBeTruthy();
    expect(sim.requests.length - before).toBe(2);
  });

  it("sends retry-after on a 429", async () => {
    sim.faults.set({ status: 429, retryAfterSeconds: 7 });
    const res = await fetch(`${sim.url}/models`, { headers: { authorization: "Bearer t" } });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
    expect(await res.json()).toEqual({
      error: {
        message: expect.any(String),
        type: "requests",
        param: null,
        code: "rate_limit_exceeded",
      },
    });
  });

  it("resets the connection mid-stream after k chunks", async () => {
    sim.faults.set({ resetMidStream: true, afterChunks: 3, times: 1 });
    const stream = await client.chat.completions.create({ ...chat, stream: true });
    const received: string[] = [];
    const consume = async () => {
      for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? "");
    };
    await expect(consume()).rejects.toThrow();
    expect(received).toHaveLength(3);
  });

  it("drops a non-stream request without an answer when reset is switched on", async () => {
    sim.faults.set({ resetMidStream: true, times: 1 });
    await expect(client.chat.completions.create(chat)).rejects.toBeInstanceOf(
      OpenAI.APIConnectionError,
    );
  });

  it("delays the first byte", async () => {
    sim.faults.set({ slowFirstByteMs: 300 });
    const started = Date.now();
    const stream = await client.chat.completions.create({ ...chat, stream: true });
    for await (const _ of stream) break;
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);

    sim.faults.clear();
    const quick = Date.now();
    await client.chat.completions.create(chat);
    expect(Date.now() - quick).toBeLessThan(250);
  });

  it("rejects a nonsense switch", () => {
    expect(() => sim.faults.set({ status: 200 })).toThrow(RangeError);
    expect(() => sim.faults.set({ times: -1 })).toThrow(RangeError);
  });
});

describe("per-request fault headers", () => {
  it("x-sim-fault picks a status for that request only", async () => {
    sim.faults.set({ status: 503, times: 1 });
    await expect(
      client.chat.completions.create(chat, { headers: { "x-sim-fault": "429" } }),
    ).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    // The switch was not used up by the header's request.
    await expect(client.chat.completions.create(chat)).rejects.toMatchObject({ status: 503 });
    await expect(
      client.chat.completions.create(chat, { headers: { "x-sim-fault": "500" } }),
    ).rejects.toBeInstanceOf(OpenAI.InternalServerError);
  });

  it("x-sim-fault: reset:2 cuts a stream after two chunks", async () => {
    const stream = await client.chat.completions.create(
      { ...chat, stream: true },
      { headers: { "x-sim-fault": "reset:2" } },
    );
    let count = 0;
    await expect(
      (async () => {
        for await (const _ of stream) count += 1;
      })(),
    ).rejects.toThrow();
    expect(count).toBe(2);
  });

  it("x-sim-fault: slow and x-sim-latency-ms delay the answer", async () => {
    let started = Date.now();
    await client.models.list({ headers: { "x-sim-fault": "slow:200" } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);

    started = Date.now();
    await client.models.list({ headers: { "x-sim-latency-ms": "200" } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it("x-sim-fault: nodone ends a stream after its last event without [DONE]", async () => {
    const res = await fetch(`${sim.url}/chat/completions`, {
      method: "POST",
      headers: {
        authorization: "Bearer t",
        "content-type": "application/json",
        "x-sim-fault": "nodone",
      },
      body: JSON.stringify({ ...chat, stream: true, stream_options: { include_usage: true } }),
    });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain("[DONE]");
    // Everything else arrived, the usage chunk included.
    expect(text).toContain('"finish_reason":"stop"');
    expect(text).toMatch(/"usage":\{"prompt_tokens":\d+/);
  });

  it("a malformed fault header is a 400", async () => {
    await expect(
      client.models.list({ headers: { "x-sim-fault": "explode" } }),
    ).rejects.toMatchObject({ status: 400, param: "x-sim-fault" });
  });
});

describe("faults carried in the body (bodyFaults)", () => {
  const post = (url: string, body: unknown) =>
    fetch(`${url}/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer t", "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("metadata.sim_fault picks the fault when the simulator is started with bodyFaults", async () => {
    const gatewayFacing = await startUpstreamSim({ bodyFaults: true });
    try {
      const failed = await post(gatewayFacing.url, { ...chat, metadata: { sim_fault: "500" } });
      expect(failed.status).toBe(500);
      expect(((await failed.json()) as { error: { type: string } }).error.type).toBe(
        "server_error",
      );
      const limited = await post(gatewayFacing.url, { ...chat, metadata: { sim_fault: "429" } });
      expect(limited.status).toBe(429);
      expect(limited.headers.get("retry-after")).toBe("1");
      await expect(
        post(gatewayFacing.url, { ...chat, metadata: { sim_fault: "reset" } }),
      ).rejects.toThrow();
      const bad = await post(gatewayFacing.url, { ...chat, metadata: { sim_fault: "explode" } });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { param: string } }).error.param).toBe(
        "metadata.sim_fault",
      );
      // Other metadata is just metadata.
      const ok = await post(gatewayFacing.url, { ...chat, metadata: { team: "a" } });
      expect(ok.status).toBe(200);
    } finally {
      await gatewayFacing.close();
    }
  });

  it("is ignored by default: the body is the client's business", async () => {
    const ok = await post(sim.url, { ...chat, metadata: { sim_fault: "500" } });
    expect(ok.status).toBe(200);
  });
});

describe("latency and pacing options", () => {
  it("waits latencyMs before answering and paces streams at tokensPerSecond", async () => {
    const slow = await startUpstreamSim({ latencyMs: 150, tokensPerSecond: 200 });
    try {
      const paced = new OpenAI({ baseURL: slow.url, apiKey: "test", maxRetries: 0 });
      let started = Date.now();
      await paced.models.list();
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);

      started = Date.now();
      const stream = await paced.chat.completions.create({ ...chat, stream: true });
      let chunks = 0;
      for await (const _ of stream) chunks += 1;
      // 5 ms per chunk after the first, on top of the latency.
      expect(Date.now() - started).toBeGreaterThanOrEqual(140 + (chunks - 1) * 5 - 20);
    } finally {
      await slow.close();
    }
  });
});
