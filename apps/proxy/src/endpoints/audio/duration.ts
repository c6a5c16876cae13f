// An uploaded audio file's length, read from its container by music-metadata: what a
// transcription is held for before anything is forwarded. A file it cannot read as audio is
// refused as OpenAI refuses it.
import { parseBlob } from "music-metadata";
import type { UploadedFile } from "../../http/multipart.ts";
import { errors, OpenAIError } from "../../http/openai-error.ts";

const SUPPORTED = "['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm']";

/** Seconds, as a float; a 400 for a file that is not audio or has no length. */
export async function audioDuration(file: UploadedFile | undefined): Promise<number> {
  if (!file) throw errors.missingParam("file");
  let duration: number | undefined;
  try {
    duration = (await parseBlob(file.blob, { duration: true, skipCovers: true })).format.duration;
  } catch {
    // Not a container the parser knows: not audio we can price either.
  }
  if (duration === undefined || !Number.isFinite(duration) || duration <= 0) {
    throw new OpenAIError(
      400,
      `Invalid file format. Supported formats: ${SUPPORTED}`,
      "invalid_request_error",
      "invalid_file_format",
      "file",
    );
  }
  return duration;
}
