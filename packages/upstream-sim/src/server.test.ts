import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUpstreamSim, type UpstreamSim } from "./server.ts";

let sim: UpstreamSim;

beforeAll(async () => {
  sim = await startUpstreamSim({ requestLogLimit: 3 });
});
afterAll(() => sim.close());

const auth = { authorization: "Bearer test", "content-type": "application/json" };

/** The `error` object of an OpenAI-shaped error answer. */
async function errorOf(res: Response): Promise<Record<string, unknown>> {
  const body = (await res.json()) as { error: Record<string, unknown> };
  return body.error;
}

describe("the server", () => {
  it("listens on a free port and names its /v1 base URL", () => {
    expect(sim.port).toBeGreaterThan(0);
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}/v1`);
  });

  it("answers an unknown path with a 404 in OpenAI's error shape", async () => {
    const res = await fetch(`${sim.url}/nothing/here`, {
      method: "POST",
      headers: auth,
      body: "{}",
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: {
        message: "Invalid URL (POST /v1/nothing/here)",
        type: "invalid_request_error",
        param: null,
        code: null,
      },
    });
    const client = new OpenAI({ baseURL: sim.url, apiKey: "test", maxRetries: 0 });
    await expect(client.get("/nothing")).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it("answers malformed JSON and a missing model with 400s", async () => {
    const malformed = await fetch(`${sim.url}/chat/completions`, {
      method: "POST",
      headers: auth,
      body: '{"model": "gpt-4o",',
    });
    expect(malformed.status).toBe(400);
    expect(await errorOf(malformed)).toMatchObject({ type: "invalid_request_error" });

    const noModel = await fetch(`${sim.url}/embeddings`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ input: "hi" }),
    });
    expect(noModel.status).toBe(400);
    expect((await errorOf(noModel)).message).toBe("you must provide a model parameter");
  });

  it("requires a bearer key, and the configured one when set", async () => {
    const none = await fetch(`${sim.url}/models`);
    expect(none.status).toBe(401);
    expect(await errorOf(none)).toMatchObject({ type: "invalid_request_error", code: null });

    const keyed = await startUpstreamSim({ apiKey: "sk-right-key" });
    try {
      const wrong = new OpenAI({ baseURL: keyed.url, apiKey: "sk-wrong-key", maxRetries: 0 });
      await expect(wrong.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
      await expect(wrong.models.list()).rejects.toMatchObject({ code: "invalid_api_key" });
      const right = new OpenAI({ baseURL: keyed.url, apiKey: "sk-right-key", maxRetries: 0 });
      expect((await right.models.list()).data.length).toBeGreaterThan(0);
    } finally {
      await keyed.close();
    }
  });

  it("records the last requests, bounded", async () => {
    const client = new OpenAI({ baseURL: sim.url, apiKey: "sk-forwarded", maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    for await (const _ of stream) {
      // drain
    }
    const last = sim.requests.at(-1);
    expect(last?.method).toBe("POST");
    expect(last?.path).toBe("/v1/chat/completions");
    expect(last?.headers.authorization).toBe("Bearer sk-forwarded");
    expect(last?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });

    for (let i = 0; i < 4; i += 1) await client.models.list();
    expect(sim.requests).toHaveLength(3);
    expect(sim.requests.every((r) => r.path === "/v1/models")).toBe(true);
  });

  it("serves a health check without a key", async () => {
    const res = await fetch(`http://127.0.0.1:${sim.port}/health`);
    expect(await res.json()).toEqual({ status: "ok" });
  });
});
