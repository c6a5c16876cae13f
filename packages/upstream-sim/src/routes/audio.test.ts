import { parseBuffer } from "music-metadata";
import OpenAI, { toFile } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toneSamples, wavFile } from "../audio/wav.ts";
import { startUpstreamSim, type UpstreamSim } from "../server.ts";

let sim: UpstreamSim;
let client: OpenAI;

beforeAll(async () => {
  sim = await startUpstreamSim();
  client = new OpenAI({ baseURL: sim.url, apiKey: "test", maxRetries: 0 });
});
afterAll(() => sim.close());

/** A WAV of `seconds` at 8 kHz: one 0.25 s tone per character. */
function wav(seconds: number, text = "abcdefghijklmnopqrstuvwxyz"): Buffer {
  const chars = text.repeat(Math.ceil((seconds * 4) / text.length)).slice(0, seconds * 4);
  return wavFile(
    toneSamples(chars, { sampleRate: 8000, secondsPerChar: 0.25, basePitch: 200 }),
    8000,
  );
}

describe("audio transcriptions and translations", () => {
  it("transcribes the same file to the same text, timed over the file's own duration", async () => {
    const file = wav(6);
    const first = await client.audio.transcriptions.create({
      file: await toFile(file, "a.wav", { type: "audio/wav" }),
      model: "whisper-1",
      response_format: "verbose_json",
      timestamp_granularities: ["word", "segment"],
    });
    const again = await client.audio.transcriptions.create({
      file: await toFile(file, "a.wav", { type: "audio/wav" }),
      model: "whisper-1",
    });
    expect(first.duration).toBe(6);
    expect(first.text.length).toBeGreaterThan(10);
    expect(again.text).toBe(first.text);
    expect(first.segments?.at(-1)?.end).toBe(6);
    expect(first.words?.at(-1)?.end).toBe(6);
    const other = await client.audio.transcriptions.create({
      file: await toFile(wav(6, "zyx"), "b.wav", { type: "audio/wav" }),
      model: "whisper-1",
    });
    expect(other.text).not.toBe(first.text);
  });

  it("writes srt, vtt and text as text/plain", async () => {
    const file = await toFile(wav(3), "a.wav", { type: "audio/wav" });
    const srt = await client.audio.transcriptions.create({
      file,
      model: "whisper-1",
      response_format: "srt",
    });
    expect(srt).toMatch(/^1\n00:00:00,000 --> 00:00:0\d,\d{3}\n\S/);
    expect(srt).toMatch(/--> 00:00:03,000\n/);
    const vtt = await client.audio.translations.create({
      file: await toFile(wav(3), "a.wav", { type: "audio/wav" }),
      model: "whisper-1",
      response_format: "vtt",
    });
    expect(vtt).toMatch(/^WEBVTT\n\n00:00:00\.000 --> /);
    const res = await fetch(`${sim.url}/audio/transcriptions`, {
      method: "POST",
      headers: { authorization: "Bearer test" },
      body: form({ model: "whisper-1", response_format: "text" }, wav(2)),
    });
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await res.text()).toMatch(/^[A-Z].*\.\n$/);
  });

  it("refuses a file that is not audio", async () => {
    const res = await fetch(`${sim.url}/audio/transcriptions`, {
      method: "POST",
      headers: { authorization: "Bearer test" },
      body: form({ model: "whisper-1" }, Buffer.from("not audio at all".repeat(100))),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /^Invalid file format\./,
    );
  });
});

function form(fields: Record<string, string>, file: Buffer): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  body.append("file", new Blob([file], { type: "audio/wav" }), "a.wav");
  return body;
}

describe("audio speech", () => {
  it("speaks WAV, PCM and MP3 that decode to the same length", async () => {
    const input = "Hello there";
    const wavBytes = Buffer.from(
      await (
        await client.audio.speech.create({
          model: "tts-1",
          voice: "alloy",
          input,
          response_format: "wav",
        })
      ).arrayBuffer(),
    );
    const wavInfo = await parseBuffer(wavBytes, { mimeType: "audio/wav" });
    expect(wavInfo.format.sampleRate).toBe(24_000);
    expect(wavInfo.format.duration).toBeCloseTo(0.66, 5);

    const pcm = await client.audio.speech.create({
      model: "tts-1",
      voice: "alloy",
      input,
      response_format: "pcm",
    });
    expect((await pcm.arrayBuffer()).byteLength).toBe(wavBytes.length - 44);

    const mp3 = await client.audio.speech.create({ model: "tts-1", voice: "nova", input });
    expect(mp3.headers.get("content-type")).toBe("audio/mpeg");
    const mp3Info = await parseBuffer(Buffer.from(await mp3.arrayBuffer()), {
      mimeType: "audio/mpeg",
    });
    expect(mp3Info.format.container).toBe("MPEG");
    expect(mp3Info.format.duration).toBeGreaterThan(0.6);
  });

  it("refuses a format it cannot encode", async () => {
    await expect(
      client.audio.speech.create({
        model: "tts-1",
        voice: "alloy",
        input: "hi",
        response_format: "flac",
      }),
    ).rejects.toMatchObject({ status: 400, code: "unsupported_format" });
  });
});
