// POST /v1/audio/transcriptions and /translations: a transcript derived from the file's bytes
// (the same file always says the same thing), timed over the duration read from the file itself,
// in each of Whisper's response formats.
import { parseBuffer } from "music-metadata";
import { formatTimestamp, timedSentences } from "../audio/timing.ts";
import { SimError } from "../errors.ts";
import { formBody, isSimFile, type SimFile } from "../multipart.ts";
import { missingParam, optionalEnum, optionalString } from "../params.ts";
import { createRandom, digestHex } from "../random.ts";
import type { Route, RouteInput, SimReply } from "../route.ts";
import { prose } from "../text.ts";

const FORMATS = ["json", "text", "srt", "verbose_json", "vtt"] as const;
const SUPPORTED = "['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm']";

function invalidFile(): SimError {
  return new SimError(400, `Invalid file format. Supported formats: ${SUPPORTED}`, {
    param: "file",
  });
}

/** The audio's duration in seconds, read from its container; a 400 for anything that is not audio. */
async function durationOf(file: SimFile): Promise<number> {
  try {
    const metadata = await parseBuffer(
      file.data,
      { mimeType: file.contentType },
      { duration: true },
    );
    const duration = metadata.format.duration;
    if (duration !== undefined && Number.isFinite(duration) && duration > 0) return duration;
  } catch {
    // Not a format the parser knows: not audio to us either.
  }
  throw invalidFile();
}

/** The form, its audio file and the file's duration: read before the answer is written. */
interface Prepared {
  body: Record<string, unknown>;
  file: SimFile;
  duration: number;
}

async function prepare(input: RouteInput): Promise<Prepared> {
  const body = await formBody(input);
  const file = body.file;
  if (!isSimFile(file)) throw missingParam("file");
  if (!optionalString(body, "model")) throw missingParam("model");
  return { body, file, duration: await durationOf(file) };
}

function whisper(task: "transcribe" | "translate"): Route["handle"] {
  return ({ body: prepared }): SimReply => {
    const { body, file, duration } = prepared as Prepared;
    const format = optionalEnum(body, "response_format", FORMATS) ?? "json";
    const language =
      task === "translate" ? "english" : (optionalString(body, "language") ?? "english");
    const granularities = body["timestamp_granularities[]"];
    const wanted = Array.isArray(granularities) ? granularities.map(String) : ["segment"];

    const seed = digestHex(32, "audio", file.data.toString("base64"));
    const text = prose(createRandom(task, seed), Math.max(4, Math.round(duration * 3)));
    const segments = timedSentences(text, duration);
    const seconds = Math.ceil(duration);
    const usage = { type: "duration", seconds };
    const plain = (content: string): SimReply => ({
      kind: "bytes",
      contentType: "text/plain; charset=utf-8",
      body: Buffer.from(content),
    });
    switch (format) {
      case "text":
        return plain(`${text}\n`);
      case "srt":
        return plain(
          segments
            .map(
              (s, i) =>
                `${i + 1}\n${formatTimestamp(s.start, ",")} --> ${formatTimestamp(s.end, ",")}\n${s.text}\n`,
            )
            .join("\n"),
        );
      case "vtt":
        return plain(
          `WEBVTT\n\n${segments
            .map(
              (s) =>
                `${formatTimestamp(s.start, ".")} --> ${formatTimestamp(s.end, ".")}\n${s.text}\n`,
            )
            .join("\n")}`,
        );
      case "verbose_json":
        return {
          kind: "json",
          body: {
            task,
            language,
            duration,
            text,
            ...(wanted.includes("segment")
              ? {
                  segments: segments.map((s, id) => ({
                    id,
                    seek: 0,
                    start: s.start,
                    end: s.end,
                    text: ` ${s.text}`,
                    tokens: [],
                    temperature: 0,
                    avg_logprob: -0.25,
                    compression_ratio: 1.2,
                    no_speech_prob: 0.01,
                  })),
                }
              : {}),
            ...(wanted.includes("word") ? { words: segments.flatMap((s) => s.words) } : {}),
            usage,
          },
        };
      default:
        return { kind: "json", body: { text, usage } };
    }
  };
}

export const audioTranscriptions: Route = {
  method: "POST",
  path: "/v1/audio/transcriptions",
  rawBody: true,
  prepare,
  handle: whisper("transcribe"),
};

export const audioTranslations: Route = {
  method: "POST",
  path: "/v1/audio/translations",
  rawBody: true,
  prepare,
  handle: whisper("translate"),
};
