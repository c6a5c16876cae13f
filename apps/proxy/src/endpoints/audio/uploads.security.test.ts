// Multipart calls and keys: a wrong key is refused before its upload is read, a key in the form
// (legacy clients) authorizes the call and never reaches the upstream, and a key limited to other
// models cannot transcribe. None of them is charged.
import { toneSamples, wavFile } from "@relay/upstream-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../../testing/harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(() => h.close());

const wav = wavFile(
  toneSamples("hello", { sampleRate: 8000, secondsPerChar: 0.2, basePitch: 220 }),
  8000,
);

function form(fields: Record<string, string>, file: Buffer = wav): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  body.append("file", new Blob([file], { type: "audio/wav" }), "a.wav");
  return body;
}

function transcribe(body: FormData, key?: string): Promise<Response> {
  return fetch(`${h.baseURL}/audio/transcriptions`, {
    method: "POST",
    headers: key ? { authorization: `Bearer ${key}` } : {},
    body,
  });
}

describe("multipart calls and keys", () => {
  it("refuses a wrong key with a 401, forwarding nothing", async () => {
    const before = h.sim.requests.length;
    const big = Buffer.concat([wav, Buffer.alloc(8 * 1024 * 1024)]);
    const res = await transcribe(form({ model: "whisper-1" }, big), "sk-relay-not-a-key");
    expect(res.status).toBe(401);
    expect(h.sim.requests.length).toBe(before);
  });

  it("takes a legacy key from the form and never forwards it", async () => {
    const { tenantId, key } = await h.tenant();
    const res = await transcribe(form({ model: "whisper-1", api_secret_key: key }));
    expect(res.status).toBe(200);
    const sent = h.sim.requests.at(-1);
    expect(sent?.path).toBe("/v1/audio/transcriptions");
    expect(sent?.rawBody).not.toContain(key);
    expect(sent?.rawBody).not.toContain("api_secret_key");
    const { balance } = await h.balance(tenantId);
    expect(balance).toBe(10_000_000n - 120n);
  });

  it("a key limited to other models cannot transcribe, and pays nothing", async () => {
    const { tenantId, key } = await h.tenant({ models: ["gpt-4o-mini"] });
    const res = await transcribe(form({ model: "whisper-1" }), key);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: "model_not_allowed" } });
    expect(await h.balance(tenantId)).toMatchObject({ balance: 10_000_000n, held: 0n });
  });
});
