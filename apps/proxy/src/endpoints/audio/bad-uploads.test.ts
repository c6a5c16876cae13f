// Multipart calls that go wrong on the way in: a body cut short, a client that leaves mid-upload,
// JSON where a form is due, a model only an Anthropic channel serves. Each is refused in OpenAI's
// shape (or simply ends) with nothing charged, recorded or held.
import { connect } from "node:net";
import { parseUsd } from "@relay/billing";
import { addChannel, setPrice } from "@relay/services";
import { toneSamples, wavFile } from "@relay/upstream-sim";
import { toFile } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptionKey, type Harness, startHarness } from "../../testing/harness.ts";

let h: Harness;
const ANTHROPIC_ONLY = "claude-transcriber";

beforeAll(async () => {
  h = await startHarness();
  const ctx = { db: h.db, actor: { label: "test" } };
  await setPrice({
    ctx,
    input: {
      model: ANTHROPIC_ONLY,
      scope: "SALE",
      input: 0n,
      output: 0n,
      perAudioSecond: parseUsd("0.001"),
    },
  });
  await addChannel({
    ctx,
    input: {
      provider: "ANTHROPIC",
      name: "Anthropic only",
      baseUrl: h.sim.url,
      apiKey: "sk-sim",
      models: [{ model: ANTHROPIC_ONLY, upstreamModel: null }],
      priority: 0,
      weight: 1,
      config: {},
    },
    encryptionKey,
  });
  await h.proxy.gateway.catalog.refresh();
}, 60_000);
afterAll(() => h.close());

const wav = () =>
  wavFile(toneSamples("hello", { sampleRate: 8000, secondsPerChar: 0.2, basePitch: 220 }), 8000);

async function untouched(tenantId: string): Promise<void> {
  const { balance, held, ledger } = await h.balance(tenantId);
  expect({ balance, held, ledger }).toEqual({
    balance: 10_000_000n,
    held: 0n,
    ledger: 10_000_000n,
  });
  expect(await h.db.usageRecord.count({ where: { tenantId, price: { not: 0n } } })).toBe(0);
}

/** The head and the first part of a transcription form, the file part left open. */
function openForm(key: string, declaredLength: number): string {
  const part =
    '--b\r\ncontent-disposition: form-data; name="model"\r\n\r\nwhisper-1\r\n' +
    '--b\r\ncontent-disposition: form-data; name="file"; filename="a.wav"\r\n' +
    "content-type: audio/wav\r\n\r\nRIFF";
  return (
    "POST /v1/audio/transcriptions HTTP/1.1\r\nhost: relay\r\n" +
    `authorization: Bearer ${key}\r\ncontent-type: multipart/form-data; boundary=b\r\n` +
    `content-length: ${declaredLength || part.length}\r\nconnection: close\r\n\r\n${part}`
  );
}

describe("multipart calls that go wrong", () => {
  it("a body that ends before its closing boundary is a 400, free", async () => {
    const { tenantId, key } = await h.tenant();
    const port = new URL(h.baseURL).port;
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1");
      let text = "";
      socket.on("data", (chunk) => {
        text += chunk.toString();
      });
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
      socket.write(openForm(key, 0));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('"code":"invalid_multipart"');
    await untouched(tenantId);
  });

  it("a client that disconnects mid-upload leaves no hold, charge or record", async () => {
    const { tenantId, key } = await h.tenant();
    const port = new URL(h.baseURL).port;
    const ended = new Promise<void>((resolve) =>
      h.proxy.server.once("request", (_req, res) => res.once("close", () => resolve())),
    );
    const socket = connect(Number(port), "127.0.0.1");
    socket.write(openForm(key, 1_000_000));
    await new Promise<void>((resolve) => h.proxy.server.once("request", () => resolve()));
    socket.destroy();
    await ended;
    await untouched(tenantId);
  });

  it("JSON where a form is due is a 415, and a model only Anthropic serves a 400, both free", async () => {
    const { tenantId, key } = await h.tenant();
    const json = await fetch(`${h.baseURL}/audio/transcriptions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "whisper-1", file: "a.wav" }),
    });
    expect(json.status).toBe(415);
    expect(await json.json()).toMatchObject({ error: { type: "invalid_request_error" } });
    await expect(
      h.client(key).audio.transcriptions.create({
        file: await toFile(wav(), "a.wav", { type: "audio/wav" }),
        model: ANTHROPIC_ONLY,
      }),
    ).rejects.toMatchObject({ status: 400, code: "model_not_supported", param: "model" });
    await untouched(tenantId);
  });
});
