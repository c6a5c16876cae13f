// POST /v1/audio/speech: real audio bytes of the requested format. WAV and PCM are written
// directly, MP3 through a pure-JS LAME port; opus, aac and flac have no maintained pure-JS encoder
// here, so asking for them is a clear 400 rather than bytes that only claim to be audio.
import { Mp3Encoder } from "@breezystack/lamejs";
import { pcmBytes, toneSamples, wavFile } from "../audio/wav.ts";
import { SimError } from "../errors.ts";
import { asBody, invalidValue, missingParam, optionalEnum, optionalString } from "../params.ts";
import type { Route } from "../route.ts";

const VOICES = [
  "alloy",
  "ash",
  "ballad",
  "coral",
  "echo",
  "fable",
  "onyx",
  "nova",
  "sage",
  "shimmer",
  "verse",
] as const;
const FORMATS = ["mp3", "opus", "aac", "flac", "wav", "pcm"] as const;
const SAMPLE_RATE = 24_000;
const MAX_INPUT = 4096;

const CONTENT_TYPES: Record<string, string> = {
  mp3: "audio/mpeg",
  wav: "audio/wav",
  pcm: "audio/pcm",
};

export const audioSpeech: Route = {
  method: "POST",
  path: "/v1/audio/speech",
  handle: ({ body: raw }) => {
    const body = asBody(raw);
    const model = optionalString(body, "model");
    if (!model) throw missingParam("model");
    const input = optionalString(body, "input");
    if (input === undefined || input === "") throw missingParam("input");
    if ([...input].length > MAX_INPUT) {
      throw new SimError(
        400,
        `[{'type': 'string_too_long', 'loc': ('body', 'input'), 'msg': 'String should have at most ${MAX_INPUT} characters'}]`,
        { param: "input", code: "string_above_max_length" },
      );
    }
    const voice = optionalString(body, "voice");
    if (voice === undefined) throw missingParam("voice");
    if (!(VOICES as readonly string[]).includes(voice)) throw invalidValue("voice", voice, VOICES);
    const format = optionalEnum(body, "response_format", FORMATS) ?? "mp3";
    const speed = body.speed ?? 1;
    if (typeof speed !== "number" || speed < 0.25 || speed > 4) {
      throw new SimError(400, "Invalid 'speed': expected a number from 0.25 to 4.0.", {
        param: "speed",
        code: "invalid_value",
      });
    }
    const contentType = CONTENT_TYPES[format];
    if (!contentType) {
      throw new SimError(
        400,
        `The simulated upstream cannot encode '${format}' audio; use mp3, wav or pcm.`,
        { param: "response_format", code: "unsupported_format" },
      );
    }
    const samples = toneSamples(input, {
      sampleRate: SAMPLE_RATE,
      secondsPerChar: 0.06 / speed,
      basePitch: 180 + VOICES.indexOf(voice as (typeof VOICES)[number]) * 20,
    });
    const bytes =
      format === "wav"
        ? wavFile(samples, SAMPLE_RATE)
        : format === "pcm"
          ? pcmBytes(samples)
          : mp3(samples);
    return { kind: "bytes", contentType, body: bytes };
  },
};

function mp3(samples: Int16Array): Buffer {
  const encoder = new Mp3Encoder(1, SAMPLE_RATE, 64);
  const frames: Buffer[] = [];
  // The encoder hands out views of its own buffer (typed Int8Array at run time): copy each.
  const take = (frame: ArrayBufferView) =>
    frames.push(Buffer.from(new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength)));
  for (let i = 0; i < samples.length; i += 1152) {
    take(encoder.encodeBuffer(samples.subarray(i, i + 1152)));
  }
  take(encoder.flush());
  return Buffer.concat(frames);
}
