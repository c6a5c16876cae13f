import { mkdtempSync, readdirSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MultipartBody, readMultipart } from "./multipart.ts";
import { OpenAIError, sendError, sendJson } from "./openai-error.ts";
import { discardUnreadBody } from "./unread-body.ts";

let server: Server;
let url: string;
let last: MultipartBody | undefined;
let outcome: Promise<unknown> = Promise.resolve();
const spoolDir = mkdtempSync(join(tmpdir(), "relay-multipart-test-"));

beforeAll(async () => {
  server = createServer((req, res) => {
    const spool = req.url === "/disk" ? "disk" : "memory";
    const files = { file: { maxBytes: 1000 }, mask: { maxBytes: 10 } };
    const read = readMultipart(req, { files, spool, spoolDir });
    outcome = read;
    read
      .then(async (body) => {
        last = body;
        const file = body.file("file");
        sendJson(res, 200, {
          fields: body.fields,
          file: file && {
            filename: file.filename,
            type: file.contentType,
            size: file.size,
            text: await file.blob.text(),
            again: await file.blob.text(),
          },
        });
      })
      .catch((error: unknown) => {
        if (!(error instanceof OpenAIError)) throw error;
        sendError(res, error);
        discardUnreadBody(req, res);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function form(fileBytes: number, field = "file"): FormData {
  const body = new FormData();
  body.append("model", "whisper-1");
  body.append("timestamp_granularities[]", "word");
  body.append("timestamp_granularities[]", "segment");
  body.append(field, new Blob(["a".repeat(fileBytes)], { type: "audio/wav" }), "a.wav");
  return body;
}

async function post(body: string | FormData, path = "/", headers?: Record<string, string>) {
  const res = await fetch(`${url}${path}`, { method: "POST", body, headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("readMultipart", () => {
  it("reads repeated fields and a file readable twice", async () => {
    const { status, body } = await post(form(1000));
    expect(status).toBe(200);
    expect(body).toEqual({
      fields: [
        ["model", "whisper-1"],
        ["timestamp_granularities[]", "word"],
        ["timestamp_granularities[]", "segment"],
      ],
      file: {
        filename: "a.wav",
        type: "audio/wav",
        size: 1000,
        text: "a".repeat(1000),
        again: "a".repeat(1000),
      },
    });
  });

  it("spools to disk and discard removes the file", async () => {
    const { status, body } = await post(form(800), "/disk");
    expect(status).toBe(200);
    expect(body.file).toMatchObject({ size: 800, text: "a".repeat(800) });
    const blob = last?.file("file")?.blob;
    expect(blob?.size).toBe(800);
    await last?.discard();
    await expect(blob?.text()).rejects.toThrow();
  });

  it("refuses a file one byte over its field's limit with a 413", async () => {
    const { status, body } = await post(form(1001));
    expect(status).toBe(413);
    expect(body.error).toMatchObject({ code: "file_too_large", param: "file" });
  });

  it("refuses a file in a field it does not take", async () => {
    const { status, body } = await post(form(10, "image"));
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "unexpected_file", param: "image" });
  });

  it("refuses JSON with a 415 and a body without its boundary with a 400", async () => {
    const json = await post("{}", "/", { "content-type": "application/json" });
    expect(json.status).toBe(415);
    const broken = await post("--x\r\nnope", "/", { "content-type": "multipart/form-data" });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatchObject({ code: "invalid_multipart" });
  });

  it("refuses a body that ends before its closing boundary", async () => {
    const text = '--b\r\ncontent-disposition: form-data; name="file"; filename="a.wav"\r\n\r\nabc';
    const { status, body } = await post(text, "/", {
      "content-type": "multipart/form-data; boundary=b",
    });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "invalid_multipart" });
  });

  it("leaves no spooled file behind when the client disconnects mid-upload", async () => {
    const port = (server.address() as AddressInfo).port;
    const socket = connect(port, "127.0.0.1");
    const received = new Promise<void>((resolve) =>
      server.once("request", (req: IncomingMessage) => req.once("data", () => resolve())),
    );
    socket.write(
      "POST /disk HTTP/1.1\r\nhost: x\r\ncontent-type: multipart/form-data; boundary=b\r\n" +
        "content-length: 100000\r\n\r\n" +
        '--b\r\ncontent-disposition: form-data; name="file"; filename="a.wav"\r\n\r\nabc',
    );
    await received;
    socket.destroy();
    await expect(outcome).rejects.toMatchObject({
      status: 400,
      message: "The request body was not received in full.",
    });
    expect(readdirSync(spoolDir)).toEqual([]);
  });
});
