import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUpstreamSim, type UpstreamSim } from "../server.ts";
import { countTokens, encodeText } from "../tokens.ts";

let sim: UpstreamSim;
let client: OpenAI;

beforeAll(async () => {
  sim = await startUpstreamSim();
  client = new OpenAI({ baseURL: sim.url, apiKey: "test", maxRetries: 0 });
});
afterAll(() => sim.close());

const model = "text-embedding-3-small";

function norm(vector: readonly number[]): number {
  return Math.hypot(...vector);
}

function decodeBase64(text: string): number[] {
  const bytes = Buffer.from(text, "base64");
  return Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4));
}

describe("embeddings", () => {
  it("answers unit-length float vectors of the model's width, deterministically", async () => {
    const res = await client.embeddings.create({ model, input: "hello", encoding_format: "float" });
    const vector = res.data[0]?.embedding ?? [];
    expect(res.object).toBe("list");
    expect(res.data[0]?.object).toBe("embedding");
    expect(vector).toHaveLength(1536);
    expect(norm(vector)).toBeCloseTo(1, 5);
    expect(res.usage).toEqual({
      prompt_tokens: countTokens("hello"),
      total_tokens: countTokens("hello"),
    });

    const again = await client.embeddings.create({
      model,
      input: "hello",
      encoding_format: "float",
    });
    expect(again.data[0]?.embedding).toEqual(vector);
    const other = await client.embeddings.create({
      model,
      input: "goodbye",
      encoding_format: "float",
    });
    expect(other.data[0]?.embedding).not.toEqual(vector);

    const large = await client.embeddings.create({
      model: "text-embedding-3-large",
      input: "hello",
      encoding_format: "float",
    });
    expect(large.data[0]?.embedding).toHaveLength(3072);
  });

  it("sends base64 little-endian float32 that decodes to the float answer", async () => {
    const floats = await client.embeddings.create({
      model,
      input: "hello",
      encoding_format: "float",
    });
    const b64 = await client.embeddings.create({
      model,
      input: "hello",
      encoding_format: "base64",
    });
    const text = b64.data[0]?.embedding;
    expect(typeof text).toBe("string");
    expect(decodeBase64(String(text))).toEqual(floats.data[0]?.embedding);

    // With no format the SDK asks for base64 itself and decodes it.
    const sdk = await client.embeddings.create({ model, input: "hello" });
    expect(sim.requests.at(-1)?.body).toMatchObject({ encoding_format: "base64" });
    expect(sdk.data[0]?.embedding).toEqual(floats.data[0]?.embedding);
  });

  it("honours dimensions as the renormalised prefix of the full vector", async () => {
    const full = await client.embeddings.create({
      model,
      input: "hello",
      encoding_format: "float",
    });
    const short = await client.embeddings.create({
      model,
      input: "hello",
      dimensions: 256,
      encoding_format: "float",
    });
    const vector = short.data[0]?.embedding ?? [];
    expect(vector).toHaveLength(256);
    expect(norm(vector)).toBeCloseTo(1, 5);
    const prefix = (full.data[0]?.embedding ?? []).slice(0, 256);
    const scale = norm(prefix);
    vector.forEach((value, i) => {
      expect(value).toBeCloseTo((prefix[i] ?? 0) / scale, 6);
    });

    await expect(
      client.embeddings.create({ model: "text-embedding-ada-002", input: "x", dimensions: 8 }),
    ).rejects.toMatchObject({ status: 400, param: "dimensions" });
  });

  it("takes arrays of strings and of tokens", async () => {
    const texts = await client.embeddings.create({
      model,
      input: ["one", "two"],
      encoding_format: "float",
    });
    expect(texts.data.map((d) => d.index)).toEqual([0, 1]);
    expect(texts.usage.prompt_tokens).toBe(countTokens("one") + countTokens("two"));

    const tokens = await client.embeddings.create({
      model,
      input: [encodeText("one"), encodeText("two")],
      encoding_format: "float",
    });
    expect(tokens.data.map((d) => d.embedding)).toEqual(texts.data.map((d) => d.embedding));

    const single = await client.embeddings.create({
      model,
      input: encodeText("one"),
      encoding_format: "float",
    });
    expect(single.data[0]?.embedding).toEqual(texts.data[0]?.embedding);

    await expect(client.embeddings.create({ model, input: "" })).rejects.toMatchObject({
      status: 400,
    });
  });
});
