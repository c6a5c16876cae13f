// The seed service's own examples, sent verbatim: its clients name no model and read "code" and
// "msg" beside the OpenAI object. Every call moves the balance by exactly its price.
import { setDefaultModel } from "@relay/services";
import { toneSamples, wavFile } from "@relay/upstream-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, miniPrice, startHarness } from "../testing/harness.ts";

let h: Harness;
const operator = { db: undefined as unknown as Harness["db"], actor: { label: "test" } };

beforeAll(async () => {
  h = await startHarness();
  operator.db = h.db;
});
afterAll(async () => {
  await h.close();
});

async function post(key: string, path: string, body: string) {
  const response = await fetch(`${h.baseURL}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${key}` },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

// The curl example of "1、创建chat", byte for byte.
const CURL_CHAT = `{
  "messages": [
    {"role":"user","content":"请介绍一下你自己"},
    {"role":"assistant","content":"您好，我是小一机器人。我能够与人对话互动，回答问题，协助创作，高效便捷地帮助人们获取信息、知识和灵感。"},
    {"role":"user","content": "1+100="}
  ]
}`;
// The Python `requests` example: json.dumps of {'user':'张三', 'messages': [...]}.
const PYTHON_CHAT =
  '{"user": "\\u5f20\\u4e09", "messages": [{"role": "user", "content": "1+100="}]}';
// The image example, byte for byte: its trailing comma is not JSON.
const CURL_IMAGE = `{
  "prompt": "A cute baby sea otter",
}`;

describe("the seed service's examples", () => {
  it("the curl chat example, without a model, is answered by the chat default with code 0", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    const answer = await post(key, "/chat/completions", CURL_CHAT);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ code: 0, msg: "", object: "chat.completion" });
    // The seed service's order: code and msg first.
    expect(Object.keys(answer.body).slice(0, 2)).toEqual(["code", "msg"]);
    expect(answer.body.model).toBe("gpt-4o-mini");
    const usage = answer.body.usage as { prompt_tokens: number; completion_tokens: number };
    const after = await h.balance(tenantId);
    expect(before.balance - after.balance).toBe(miniPrice(usage));
    expect(after.held).toBe(0n);
    expect(h.sim.requests.at(-1)?.body).toMatchObject({ model: "gpt-4o-mini" });
  });

  it("the Python requests example, with its end user 张三, is charged exactly", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    const answer = await post(key, "/chat/completions", PYTHON_CHAT);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ code: 0, msg: "" });
    expect(h.sim.requests.at(-1)?.body).toMatchObject({ model: "gpt-4o-mini", user: "张三" });
    const usage = answer.body.usage as { prompt_tokens: number; completion_tokens: number };
    expect(before.balance - (await h.balance(tenantId)).balance).toBe(miniPrice(usage));
  });

  it("the image example: verbatim it is not JSON (a 400 with code and msg, free); fixed, dall-e-2 at $0.025", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    const refused = await post(key, "/images/generations", CURL_IMAGE);
    expect(refused.status).toBe(400);
    const error = refused.body.error as { message: string; type: string };
    expect(error.type).toBe("invalid_request_error");
    expect(refused.body).toMatchObject({ code: 400, msg: error.message });
    expect((await h.balance(tenantId)).balance).toBe(before.balance);

    const answer = await post(key, "/images/generations", '{"prompt": "A cute baby sea otter"}');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ code: 0, msg: "" });
    const data = answer.body.data as { url?: string }[];
    expect(data).toHaveLength(1);
    expect(data[0]?.url).toMatch(/^http/);
    expect(h.sim.requests.at(-1)?.body).toMatchObject({ model: "dall-e-2" });
    // dall-e-2, 1024x1024 (OpenAI's default size), standard: $0.025 an image.
    expect(before.balance - (await h.balance(tenantId)).balance).toBe(25_000n);
  });

  it("dall-e-2 serves its three sizes and up to 10 images, priced per image", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    const answer = await h.client(key).images.generate({
      model: "dall-e-2",
      prompt: "a lighthouse",
      n: 10,
      size: "256x256",
    });
    expect(answer.data).toHaveLength(10);
    await h.client(key).images.generate({ prompt: "a lighthouse", n: 2, size: "512x512" });
    // 10 x $0.020 + 2 x $0.022
    expect(before.balance - (await h.balance(tenantId)).balance).toBe(244_000n);
  });
});

describe("default models", () => {
  it("without a default the 400 stays, code and msg saying why; a new default applies at once", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    await setDefaultModel({ ctx: operator, input: { endpoint: "chat", model: null } });
    try {
      const refused = await post(key, "/chat/completions", CURL_CHAT);
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual({
        code: 400,
        msg: "Missing required parameter: 'model'.",
        error: {
          message: "Missing required parameter: 'model'.",
          type: "invalid_request_error",
          param: "model",
          code: "missing_required_parameter",
        },
      });
      expect((await h.balance(tenantId)).balance).toBe(before.balance);

      await setDefaultModel({ ctx: operator, input: { endpoint: "chat", model: "gpt-3.5-turbo" } });
      const answer = await post(key, "/chat/completions", PYTHON_CHAT);
      expect(answer.body.model).toBe("gpt-3.5-turbo");
      const usage = answer.body.usage as { prompt_tokens: number; completion_tokens: number };
      // gpt-3.5-turbo's sale price: $0.60 in, $1.80 out per 1M tokens.
      const price =
        (BigInt(usage.prompt_tokens) * 600_000n +
          BigInt(usage.completion_tokens) * 1_800_000n +
          999_999n) /
        1_000_000n;
      expect(before.balance - (await h.balance(tenantId)).balance).toBe(price);
    } finally {
      await setDefaultModel({ ctx: operator, input: { endpoint: "chat", model: "gpt-4o-mini" } });
    }
  });

  it("an audio default serves a transcription naming no model; text answers carry no code", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    const wav = wavFile(
      toneSamples("1+100=", { sampleRate: 8000, secondsPerChar: 0.25, basePitch: 220 }),
      8000,
    );
    const transcribe = async (format: string) => {
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(wav)], { type: "audio/wav" }), "ask.wav");
      form.append("response_format", format);
      const response = await fetch(`${h.baseURL}/audio/transcriptions`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}` },
        body: form,
      });
      return { status: response.status, text: await response.text() };
    };
    const refused = await transcribe("json");
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text)).toMatchObject({ code: 400, error: { param: "model" } });

    await setDefaultModel({ ctx: operator, input: { endpoint: "audio", model: "whisper-1" } });
    try {
      const json = await transcribe("json");
      expect(json.status).toBe(200);
      expect(JSON.parse(json.text)).toMatchObject({ code: 0, msg: "", text: expect.any(String) });
      const srt = await transcribe("srt");
      expect(srt.text).toMatch(/^1\n00:00:00,000 --> /);
    } finally {
      await setDefaultModel({ ctx: operator, input: { endpoint: "audio", model: null } });
    }
    // 1.5 s each, charged as 2 s at whisper-1's $0.00012 a second.
    expect(before.balance - (await h.balance(tenantId)).balance).toBe(2n * 2n * 120n);
    expect(h.sim.requests.at(-1)?.path).toBe("/v1/audio/transcriptions");
  });

  it("a call naming its model is untouched by the default; an endpoint without one still needs it", async () => {
    const { key } = await h.tenant();
    const named = await h.client(key).chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(named.model).toBe("gpt-4o");
    const embeddings = await post(key, "/embeddings", '{"input": "hello"}');
    expect(embeddings.status).toBe(400);
    expect(embeddings.body).toMatchObject({
      code: 400,
      msg: "Missing required parameter: 'model'.",
    });
  });
});
