import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUpstreamSim, type UpstreamSim } from "../server.ts";

let sim: UpstreamSim;
let client: OpenAI;

beforeAll(async () => {
  sim = await startUpstreamSim();
  client = new OpenAI({ baseURL: sim.url, apiKey: "test", maxRetries: 0 });
});
afterAll(() => sim.close());

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe("image generations", () => {
  it("hands out URLs that serve a PNG, the same for the same request", async () => {
    const res = await client.images.generate({ prompt: "a red barn", n: 2, size: "512x512" });
    const again = await client.images.generate({ prompt: "a red barn", n: 2, size: "512x512" });
    const urls = (res.data ?? []).map((image) => image.url);
    expect(urls).toHaveLength(2);
    expect(new Set(urls).size).toBe(2);
    expect((again.data ?? []).map((image) => image.url)).toEqual(urls);

    const download = await fetch(String(urls[0]));
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("image/png");
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.subarray(0, 8)).toEqual(PNG_SIGNATURE);
  });

  it("returns b64_json PNGs, and dall-e-3's revised prompt", async () => {
    const res = await client.images.generate({
      model: "dall-e-3",
      prompt: "a lighthouse",
      quality: "hd",
      size: "1792x1024",
      response_format: "b64_json",
    });
    const image = res.data?.[0];
    expect(Buffer.from(image?.b64_json ?? "", "base64").subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(image?.revised_prompt).toBe("a lighthouse");

    await expect(
      client.images.generate({ model: "dall-e-3", prompt: "x", n: 2 }),
    ).rejects.toMatchObject({ status: 400, param: "n" });
    await expect(
      client.images.generate({ model: "dall-e-2", prompt: "x", size: "1792x1024" }),
    ).rejects.toMatchObject({ status: 400, param: "size" });
  });

  it("reports gpt-image-1 token usage by quality", async () => {
    const res = await client.images.generate({
      model: "gpt-image-1",
      prompt: "a fox",
      quality: "low",
    });
    expect(res.data?.[0]?.b64_json).toBeTruthy();
    expect(res.usage?.output_tokens).toBe(272);
  });
});
