import OpenAI, { toFile } from "openai";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUpstreamSim, type UpstreamSim } from "../server.ts";

let sim: UpstreamSim;
let client: OpenAI;

beforeAll(async () => {
  sim = await startUpstreamSim();
  client = new OpenAI({ baseURL: sim.url, apiKey: "test", maxRetries: 0 });
});
afterAll(() => sim.close());

/** A 4x4 PNG, opaque grey with a transparent left half when `hole`. */
function png(hole: boolean): Buffer {
  const image = new PNG({ width: 4, height: 4 });
  for (let i = 0; i < 16; i += 1)
    image.data.set([100, 100, 100, hole && i % 4 < 2 ? 0 : 255], i * 4);
  return PNG.sync.write(image);
}

function decoded(b64: string | undefined): PNG {
  return PNG.sync.read(Buffer.from(b64 ?? "", "base64"));
}

describe("image edits and variations", () => {
  it("paints the transparent half of the image at the size asked for", async () => {
    const res = await client.images.edit({
      image: await toFile(png(true), "a.png", { type: "image/png" }),
      prompt: "a red door",
      size: "256x256",
      response_format: "b64_json",
    });
    const image = decoded(res.data?.[0]?.b64_json);
    expect([image.width, image.height]).toEqual([256, 256]);
    // The right half keeps the source's grey; the left half is painted opaque.
    expect([...image.data.subarray((10 * 256 + 200) * 4, (10 * 256 + 200) * 4 + 4)]).toEqual([
      100, 100, 100, 255,
    ]);
    expect(image.data[(10 * 256 + 10) * 4 + 3]).toBe(255);
    expect([...image.data.subarray((10 * 256 + 10) * 4, (10 * 256 + 10) * 4 + 3)]).not.toEqual([
      100, 100, 100,
    ]);
  });

  it("returns n distinct variations, and refuses what is not a PNG", async () => {
    const res = await client.images.createVariation({
      image: await toFile(png(false), "a.png", { type: "image/png" }),
      n: 2,
      size: "256x256",
      response_format: "b64_json",
    });
    expect(res.data).toHaveLength(2);
    expect(res.data?.[0]?.b64_json).not.toBe(res.data?.[1]?.b64_json);
    await expect(
      client.images.createVariation({
        image: await toFile(Buffer.from("GIF89a"), "a.gif", { type: "image/gif" }),
      }),
    ).rejects.toMatchObject({ status: 400, param: "image" });
  });
});
