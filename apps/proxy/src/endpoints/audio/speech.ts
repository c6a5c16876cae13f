// POST /v1/audio/speech (text to speech): a JSON call whose answer is audio bytes, streamed
// through as they arrive, priced per input character (held and charged alike: the upstream
// speaks the whole input).
import { errors, OpenAIError } from "../../http/openai-error.ts";
import type { MeteredEndpoint } from "../types.ts";
import { invalidType } from "../types.ts";
import { refuseUnservable } from "../upload.ts";

const FORMATS = ["mp3", "opus", "aac", "flac", "wav", "pcm"];
const MAX_CHARACTERS = 4096;

function characters(body: Record<string, unknown>): number {
  return typeof body.input === "string" ? [...body.input].length : 0;
}

export const audioSpeech: MeteredEndpoint = {
  path: "/audio/speech",
  streams: false,
  streamUsage: false,
  answerKind: "binary",
  validate(body) {
    if (body.input === undefined || body.input === "") throw errors.missingParam("input");
    if (typeof body.input !== "string") throw invalidType("input", "a string", body.input);
    if (characters(body) > MAX_CHARACTERS) {
      throw new OpenAIError(
        400,
        `Invalid 'input': string too long. Expected a string with maximum length ${MAX_CHARACTERS}, but got a string with length ${characters(body)} instead.`,
        "invalid_request_error",
        "string_above_max_length",
        "input",
      );
    }
    if (body.voice === undefined || body.voice === "") throw errors.missingParam("voice");
    const format = body.response_format;
    if (format !== undefined && (typeof format !== "string" || !FORMATS.includes(format))) {
      throw errors.invalidParam(
        "response_format",
        `Invalid value for 'response_format': '${String(format)}'. Supported values are: ${FORMATS.map((f) => `'${f}'`).join(", ")}.`,
      );
    }
    const speed = body.speed;
    if (speed !== undefined && (typeof speed !== "number" || speed < 0.25 || speed > 4)) {
      throw errors.invalidParam("speed", "Invalid 'speed': expected a number from 0.25 to 4.0.");
    }
  },
  estimate(body, model) {
    refuseUnservable(model, "/audio/speech");
    return { promptTokens: 0, maxCompletionTokens: 0, characters: characters(body) };
  },
  usage: (_answer, estimate) => ({
    promptTokens: 0,
    completionTokens: 0,
    cachedTokens: 0,
    images: 0,
    characters: estimate.characters ?? 0,
  }),
};
