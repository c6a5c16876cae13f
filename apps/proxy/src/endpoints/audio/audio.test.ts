// Transcriptions, translations and speech through the proxy with the official client: each call
// charged exactly (audio by the second, speech by the character), refusals charged nothing.
import { addChannel } from "@relay/services";
import { toneSamples, wavFile } from "@relay/upstream-sim";
import { toFile } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptionKey, type Harness, startHarness } from "../../testing/harness.ts";

// whisper-1 and tts-1 as seeded: $0.00012 a second, $18 per 1M characters.
const WHISPER_PER_SECOND = 120n;
const TTS_PER_CHAR = 18n;
const CREDIT = 10_000_000n;

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  // A second channel for whisper-1, tried first: a failure there fails over to the seeded one.
  await addChannel({
    ctx: { db: h.db, actor: { label: "test" } },
    input: {
      provider: "OPENAI",
      name: "whisper first",
      baseUrl: h.sim.url,
      apiKey: "sk-sim",
      models: [{ model: "whisper-1", upstreamModel: null }],
      priority: 5,
      weight: 1,
      config: {},
    },
    encryptionKey,
  });
  await h.proxy.gateway.catalog.refresh();
}, 60_000);
afterAll(() => h.close());

/** A WAV of exactly `seconds` (8 kHz mono, one 0.1 s tone per character). */
function wav(seconds: number, text = "the quick brown fox"): Buffer {
  const chars = Math.round(seconds * 10);
  const spoken = text.repeat(Math.ceil(chars / text.length)).slice(0, chars);
  return wavFile(
    toneSamples(spoken, { sampleRate: 8000, secondsPerChar: 0.1, basePitch: 220 }),
    8000,
  );
}

const audio = (seconds: number) => toFile(wav(seconds), "speech.wav", { type: "audio/wav" });

async function spent(tenantId: string): Promise<bigint> {
  const { balance, held, ledger } = await h.balance(tenantId);
  expect(held).toBe(0n);
  expect(ledger).toBe(balance);
  return CREDIT - balance;
}

describe("audio transcriptions and translations", () => {
  it("charges the seconds the upstream reports, rounded up, for json and verbose_json", async () => {
    const { tenantId, key } = await h.tenant();
    const client = h.client(key);
    const json = await client.audio.transcriptions.create({
      file: await audio(3.2),
      model: "whisper-1",
    });
    expect(json.text.length).toBeGreaterThan(10);
    expect(await spent(tenantId)).toBe(4n * WHISPER_PER_SECOND);

    const verbose = await client.audio.transcriptions.create({
      file: await audio(2),
      model: "whisper-1",
      response_format: "verbose_json",
      timestamp_granularities: ["word"],
    });
    expect(verbose.duration).toBe(2);
    expect(verbose.words?.at(-1)?.end).toBe(2);
    expect(await spent(tenantId)).toBe(6n * WHISPER_PER_SECOND);

    const records = await h.db.usageRecord.findMany({
      where: { tenantId },
      orderBy: { createdAt: "asc" },
    });
    expect(records.map((r) => [r.endpoint, r.audioSeconds, r.price])).toEqual([
      ["/audio/transcriptions", 4, 480n],
      ["/audio/transcriptions", 2, 240n],
    ]);
  });

  it("relays srt, vtt and text in their own content type, charged by the measured duration", async () => {
    const { tenantId, key } = await h.tenant();
    const client = h.client(key);
    const srt = await client.audio.transcriptions.create({
      file: await audio(1.5),
      model: "whisper-1",
      response_format: "srt",
    });
    expect(srt).toMatch(/^1\n00:00:00,000 --> .*\n.+\n/);
    expect(srt).toMatch(/--> 00:00:01,500\n/);
    const vtt = await client.audio.translations.create({
      file: await audio(1.5),
      model: "whisper-1",
      response_format: "vtt",
    });
    expect(vtt).toMatch(/^WEBVTT\n\n00:00:00\.000 --> /);
    const { response } = await client.audio.transcriptions
      .create({ file: await audio(1), model: "whisper-1", response_format: "text" })
      .withResponse();
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await spent(tenantId)).toBe((2n + 2n + 1n) * WHISPER_PER_SECOND);
  });

  it("holds the file's duration before forwarding: too little credit sends nothing upstream", async () => {
    // $0.0004 covers 3 seconds of whisper-1, not the 4 a 3.2-second file is held for.
    const { tenantId, key } = await h.tenant({ credit: "0.0004" });
    const sent = h.sim.requests.length;
    await expect(
      h.client(key).audio.transcriptions.create({ file: await audio(3.2), model: "whisper-1" }),
    ).rejects.toMatchObject({ status: 429, code: "insufficient_quota" });
    expect(h.sim.requests.length).toBe(sent);
    const answer = await h.client(key).audio.transcriptions.create({
      file: await audio(3),
      model: "whisper-1",
    });
    expect(answer.text.length).toBeGreaterThan(0);
    expect(await h.balance(tenantId)).toMatchObject({ balance: 400n - 360n, held: 0n });
  });

  it("sends the same file again to the next channel when the first fails", async () => {
    const { tenantId, key } = await h.tenant();
    h.sim.faults.set({ status: 500, times: 1 });
    const answer = await h.client(key).audio.transcriptions.create({
      file: await audio(2.5),
      model: "whisper-1",
      response_format: "verbose_json",
    });
    // The second upstream read the whole file: it measured the same 2.5 seconds.
    expect(answer.duration).toBe(2.5);
    const [failed, served] = h.sim.requests.slice(-2);
    expect(failed?.path).toBe("/v1/audio/transcriptions");
    // The same form both times, but for its (random) boundary.
    const unbounded = (request: typeof served) => {
      const type = String(request?.headers["content-type"]);
      return request?.rawBody.replaceAll(type.split("boundary=")[1] ?? "", "BOUNDARY");
    };
    expect(unbounded(served)).toBe(unbounded(failed));
    // 2.5 s of 16-bit 8 kHz samples and the WAV header, in the form.
    expect(Number(served?.headers["content-length"])).toBeGreaterThan(40_044);
    expect(await spent(tenantId)).toBe(3n * WHISPER_PER_SECOND);
  });

  it("refuses a non-audio file, a missing file and an unknown format, charging nothing", async () => {
    const { tenantId, key } = await h.tenant();
    const client = h.client(key);
    await expect(
      client.audio.transcriptions.create({
        file: await toFile(Buffer.from("plain text, not audio ".repeat(50)), "notes.wav"),
        model: "whisper-1",
      }),
    ).rejects.toMatchObject({ status: 400, code: "invalid_file_format", param: "file" });

    const form = new FormData();
    form.append("model", "whisper-1");
    const missing = await fetch(`${h.baseURL}/audio/transcriptions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}` },
      body: form,
    });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      error: { code: "missing_required_parameter", param: "file" },
    });

    await expect(
      client.audio.transcriptions.create({
        file: await audio(1),
        model: "whisper-1",
        response_format: "docx" as "json",
      }),
    ).rejects.toMatchObject({ status: 400, param: "response_format" });
    expect(await spent(tenantId)).toBe(0n);
    expect(await h.db.usageRecord.count({ where: { tenantId, price: { not: 0n } } })).toBe(0);
  });

  it("refuses a 26 MB audio file with a 413 before reading it all, charging nothing", async () => {
    const { tenantId, key } = await h.tenant();
    const big = Buffer.concat([wav(1), Buffer.alloc(26 * 1024 * 1024)]);
    await expect(
      h.client(key).audio.transcriptions.create({
        file: await toFile(big, "long.wav", { type: "audio/wav" }),
        model: "whisper-1",
      }),
    ).rejects.toMatchObject({ status: 413, code: "file_too_large", param: "file" });
    expect(await spent(tenantId)).toBe(0n);
  });
});

describe("audio speech", () => {
  it("streams the upstream's audio through and charges per input character", async () => {
    const { tenantId, key } = await h.tenant();
    const client = h.client(key);
    const input = "Hello, world! ünïcode";
    const wavAnswer = await client.audio.speech.create({
      model: "tts-1",
      voice: "alloy",
      input,
      response_format: "wav",
    });
    expect(wavAnswer.headers.get("content-type")).toBe("audio/wav");
    const bytes = Buffer.from(await wavAnswer.arrayBuffer());
    expect(bytes.subarray(0, 4).toString("ascii")).toBe("RIFF");
    expect(bytes.subarray(8, 12).toString("ascii")).toBe("WAVE");

    const mp3 = await client.audio.speech.create({ model: "tts-1", voice: "nova", input: "Hi" });
    expect(mp3.headers.get("content-type")).toBe("audio/mpeg");
    expect((await mp3.arrayBuffer()).byteLength).toBeGreaterThan(100);
    expect(await spent(tenantId)).toBe(BigInt([...input].length + 2) * TTS_PER_CHAR);
  });

  it("relays the upstream's refusal of a format and an over-long input is refused, free", async () => {
    const { tenantId, key } = await h.tenant();
    const client = h.client(key);
    await expect(
      client.audio.speech.create({
        model: "tts-1",
        voice: "alloy",
        input: "hi",
        response_format: "flac",
      }),
    ).rejects.toMatchObject({ status: 400, code: "unsupported_format" });
    await expect(
      client.audio.speech.create({ model: "tts-1", voice: "alloy", input: "x".repeat(4097) }),
    ).rejects.toMatchObject({ status: 400, code: "string_above_max_length" });
    expect(await spent(tenantId)).toBe(0n);
  });
});
