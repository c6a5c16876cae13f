// POST /v1/audio/transcriptions and /v1/audio/translations (Whisper): multipart uploads priced
// per second of audio. The hold is the file's own duration, read before forwarding; the charge is
// the duration the upstream reports (verbose_json's `duration`, json's `usage.seconds`), or the
// measured one for formats that carry none (text, srt, vtt), never more than was held.
import { errors } from "../../http/openai-error.ts";
import type { MeteredEndpoint, Usage } from "../types.ts";
import { record } from "../types.ts";
import { enumField, numberField, refuseUnservable } from "../upload.ts";
import { audioDuration } from "./duration.ts";

const FORMATS = ["json", "text", "srt", "verbose_json", "vtt"] as const;
const GRANULARITIES = ["word", "segment"] as const;
const GRANULARITIES_FIELD = "timestamp_granularities[]";

/** The seconds an answer says it transcribed, if it says. */
function reportedSeconds(answer: unknown): number | undefined {
  const body = record(answer);
  const usage = record(body.usage);
  const seconds = typeof body.duration === "number" ? body.duration : usage.seconds;
  return typeof seconds === "number" && Number.isFinite(seconds) && seconds >= 0
    ? seconds
    : undefined;
}

function whisper(path: string, task: "transcribe" | "translate"): MeteredEndpoint {
  return {
    path,
    defaultModel: "audio",
    streams: false,
    streamUsage: false,
    answerKind: "text",
    upload: {
      files: (config) => ({ file: { maxBytes: config.audioLimitBytes } }),
      required: ["file"],
      inspect: async (upload) => ({ audioSeconds: await audioDuration(upload.file("file")) }),
    },
    validate(body) {
      const format = enumField(body, "response_format", FORMATS);
      const temperature = numberField(body, "temperature");
      if (temperature !== undefined && (temperature < 0 || temperature > 1)) {
        throw errors.invalidParam(
          "temperature",
          `Invalid 'temperature': expected a number from 0 to 1, got ${temperature}.`,
        );
      }
      const granularities = body[GRANULARITIES_FIELD];
      if (granularities === undefined) return;
      if (task === "translate") {
        throw errors.invalidParam(
          GRANULARITIES_FIELD,
          "Translations take no timestamp_granularities.",
        );
      }
      for (const value of Array.isArray(granularities) ? granularities : [granularities]) {
        enumField({ [GRANULARITIES_FIELD]: value }, GRANULARITIES_FIELD, GRANULARITIES);
      }
      if (format !== "verbose_json") {
        throw errors.invalidParam(
          GRANULARITIES_FIELD,
          "timestamp_granularities[] is only supported with response_format verbose_json.",
        );
      }
    },
    estimate(_body, model, upload) {
      refuseUnservable(model, path);
      return {
        promptTokens: 0,
        maxCompletionTokens: 0,
        audioSeconds: Math.ceil(upload?.audioSeconds ?? 0),
      };
    },
    usage(answer, estimate): Usage {
      const held = estimate.audioSeconds ?? 0;
      const reported = reportedSeconds(answer);
      return {
        promptTokens: 0,
        completionTokens: 0,
        cachedTokens: 0,
        images: 0,
        audioSeconds: reported === undefined ? held : Math.min(Math.ceil(reported), held),
      };
    },
  };
}

export const audioTranscriptions = whisper("/audio/transcriptions", "transcribe");
export const audioTranslations = whisper("/audio/translations", "translate");
