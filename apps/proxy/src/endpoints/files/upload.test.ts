// Uploads refused for bad input: a wrong purpose, a file over the size limit, a tenant over its
// storage quota, a body cut short, a client gone mid-upload. Each is an OpenAI-shaped error (or a
// closed connection), and nothing is stored here or upstream, charged or held.
import { readdirSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import OpenAI, { toFile } from "openai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Harness, startHarness } from "../../testing/harness.ts";

let h: Harness;
const LIMIT = 4096;

beforeAll(async () => {
  h = await startHarness({ proxy: { config: { fileLimitBytes: LIMIT } } });
});
afterAll(async () => {
  await h.close();
});

const uploadsUpstream = () =>
  h.sim.requests.filter((r) => r.method === "POST" && r.path === "/v1/files").length;

async function expectNothingKept(tenantId: string, upstreamBefore: number) {
  expect(await h.db.upstreamObject.count({ where: { tenantId } })).toBe(0);
  expect(uploadsUpstream()).toBe(upstreamBefore);
  const money = await h.balance(tenantId);
  expect(money.held).toBe(0n);
  expect(money.balance).toBe(money.ledger);
  expect(await h.db.usageRecord.count({ where: { tenantId } })).toBe(0);
}

const spooled = () => new Set(readdirSync(tmpdir()).filter((f) => f.startsWith("relay-upload-")));

describe("refused uploads", () => {
  it("a purpose OpenAI does not have", async () => {
    const { tenantId, key } = await h.tenant();
    const before = uploadsUpstream();
    const upload = h.client(key).files.create({
      file: await toFile(Buffer.from("{}\n"), "x.jsonl"),
      purpose: "training" as "fine-tune",
    });
    await expect(upload).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(upload).rejects.toMatchObject({ param: "purpose", code: "invalid_value" });
    await expectNothingKept(tenantId, before);
  });

  it("a file over the size limit", async () => {
    const { tenantId, key } = await h.tenant();
    const before = uploadsUpstream();
    const upload = h.client(key).files.create({
      file: await toFile(Buffer.alloc(LIMIT + 1, 97), "big.jsonl"),
      purpose: "fine-tune",
    });
    await expect(upload).rejects.toMatchObject({ status: 413, code: "file_too_large" });
    await expectNothingKept(tenantId, before);
  });

  it("a tenant over its storage quota, while files it deleted no longer count", async () => {
    const { tenantId, key } = await h.tenant();
    const client = h.client(key);
    await h.db.tenant.update({ where: { id: tenantId }, data: { storageQuotaBytes: 3000n } });
    const first = await client.files.create({
      file: await toFile(Buffer.alloc(2000, 97), "a.txt"),
      purpose: "user_data",
    });
    const before = uploadsUpstream();
    const second = client.files.create({
      file: await toFile(Buffer.alloc(2000, 98), "b.txt"),
      purpose: "user_data",
    });
    await expect(second).rejects.toMatchObject({ status: 400, code: "storage_quota_exceeded" });
    expect(uploadsUpstream()).toBe(before);
    expect((await client.files.list()).data.map((f) => f.id)).toEqual([first.id]);
    await client.files.delete(first.id);
    const third = await client.files.create({
      file: await toFile(Buffer.alloc(2000, 99), "c.txt"),
      purpose: "user_data",
    });
    expect((await client.files.list()).data.map((f) => f.id)).toEqual([third.id]);
  });

  it("a body cut short, then a client gone mid-upload", async () => {
    const { tenantId, key } = await h.tenant();
    const before = uploadsUpstream();
    const url = new URL(`${h.baseURL}/files`);
    const head =
      '--b\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nfine-tune\r\n' +
      '--b\r\nContent-Disposition: form-data; name="file"; filename="x.jsonl"\r\n\r\n{"a":1}\n';
    const send = () =>
      request(url, {
        method: "POST",
        headers: {
          authorization: `Bearer ${key}`,
          "content-type": "multipart/form-data; boundary=b",
        },
      });

    // Ended without its closing boundary.
    const truncated = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = send();
      req.on("response", (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.end(head);
    });
    expect(truncated.status).toBe(400);
    expect(JSON.parse(truncated.body)).toMatchObject({
      error: { type: "invalid_request_error", code: "invalid_multipart" },
    });

    // Gone with the file half sent: its spooled part is removed, nothing is forwarded.
    const earlier = spooled();
    const req = send();
    req.on("error", () => {});
    req.write(head);
    const mine = await vi.waitFor(() => {
      const added = [...spooled()].find((name) => !earlier.has(name));
      if (!added) throw new Error("the upload has not reached the proxy yet");
      return added;
    });
    req.destroy();
    await vi.waitFor(() => {
      if (spooled().has(mine)) throw new Error("the spooled part is still there");
    });
    await expectNothingKept(tenantId, before);
  });
});
