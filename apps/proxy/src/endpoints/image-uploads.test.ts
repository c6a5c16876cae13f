// dall-e-2 edits and variations through the proxy with the official client: held for n images
// and charged per image at the size's price; refusals charged nothing.
import { crc32, deflateSync } from "node:zlib";
import { toFile } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../testing/harness.ts";

// dall-e-2 as seeded: $0.020 (256x256), $0.022 (512x512), $0.025 (1024x1024) an image.
const PRICE = { "256x256": 20_000n, "512x512": 22_000n, "1024x1024": 25_000n };
const CREDIT = 10_000_000n;
const IMAGE_LIMIT = 64 * 1024;

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ proxy: { config: { imageLimitBytes: IMAGE_LIMIT } } });
}, 60_000);
afterAll(() => h.close());

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8x8 RGBA PNG, its top half transparent when `transparent`. */
function png(transparent: boolean): Buffer {
  const header = Buffer.from([0, 0, 0, 8, 0, 0, 0, 8, 8, 6, 0, 0, 0]);
  const rows = Array.from({ length: 8 }, (_, y) => {
    const alpha = transparent && y < 4 ? 0 : 255;
    return Buffer.from([0, ...Array.from({ length: 8 }, () => [30, 60, 90, alpha]).flat()]);
  });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A PNG's width and height, from its header. */
function dimensions(b64: string | undefined): [number, number] {
  const bytes = Buffer.from(b64 ?? "", "base64");
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

const file = (bytes: Buffer, name = "image.png") => toFile(bytes, name, { type: "image/png" });

async function spent(tenantId: string): Promise<bigint> {
  const { balance, held, ledger } = await h.balance(tenantId);
  expect(held).toBe(0n);
  expect(ledger).toBe(balance);
  return CREDIT - balance;
}

describe("image edits and variations", () => {
  it("charges each image at its size's price", async () => {
    const { tenantId, key } = await h.tenant();
    const client = h.client(key);
    const edit = await client.images.edit({
      model: "dall-e-2",
      image: await file(png(true)),
      mask: await file(png(true), "mask.png"),
      prompt: "a lighthouse",
      n: 2,
      size: "256x256",
      response_format: "b64_json",
    });
    expect(edit.data).toHaveLength(2);
    expect(dimensions(edit.data?.[0]?.b64_json)).toEqual([256, 256]);
    expect(await spent(tenantId)).toBe(2n * PRICE["256x256"]);

    const variations = await client.images.createVariation({
      model: "dall-e-2",
      image: await file(png(false)),
      n: 3,
      size: "512x512",
    });
    expect(variations.data?.map((image) => typeof image.url)).toEqual([
      "string",
      "string",
      "string",
    ]);
    const defaultSize = await client.images.createVariation({
      model: "dall-e-2",
      image: await file(png(false)),
    });
    expect(defaultSize.data).toHaveLength(1);
    expect(await spent(tenantId)).toBe(
      2n * PRICE["256x256"] + 3n * PRICE["512x512"] + PRICE["1024x1024"],
    );
    const records = await h.db.usageRecord.findMany({
      where: { tenantId },
      orderBy: { createdAt: "asc" },
    });
    expect(records.map((r) => [r.endpoint, r.images])).toEqual([
      ["/images/edits", 2],
      ["/images/variations", 3],
      ["/images/variations", 1],
    ]);
  });

  it("refuses a non-PNG image, a size not offered, a missing prompt and an oversize image, free", async () => {
    const { tenantId, key } = await h.tenant();
    const client = h.client(key);
    await expect(
      client.images.createVariation({
        model: "dall-e-2",
        image: await toFile(Buffer.from("GIF89a not a png"), "a.gif", { type: "image/gif" }),
      }),
    ).rejects.toMatchObject({ status: 400, code: "invalid_image_format", param: "image" });
    await expect(
      client.images.createVariation({
        model: "dall-e-2",
        image: await file(png(false)),
        size: "1792x1024" as "256x256",
      }),
    ).rejects.toMatchObject({ status: 400, param: "size" });
    await expect(
      client.images.edit({ model: "dall-e-2", image: await file(png(true)), prompt: "" }),
    ).rejects.toMatchObject({ status: 400, param: "prompt" });
    const oversize = Buffer.concat([png(false), Buffer.alloc(IMAGE_LIMIT)]);
    await expect(
      client.images.edit({ model: "dall-e-2", image: await file(oversize), prompt: "a cat" }),
    ).rejects.toMatchObject({ status: 413, code: "file_too_large", param: "image" });
    expect(await spent(tenantId)).toBe(0n);
    expect(await h.db.usageRecord.count({ where: { tenantId, price: { not: 0n } } })).toBe(0);
  });
});
