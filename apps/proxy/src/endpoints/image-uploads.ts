// POST /v1/images/edits and /v1/images/variations (dall-e-2's multipart calls): priced per image
// by size like generations, held for `n` images, charged for the images the answer holds.
import type { FilePartLimit, UploadedFile } from "../http/multipart.ts";
import { errors, OpenAIError } from "../http/openai-error.ts";
import { type MeteredEndpoint, record } from "./types.ts";
import { enumField, integerField, refuseUnservable } from "./upload.ts";

const DEFAULT_SIZE = "1024x1024";
const MAX_IMAGES = 10;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

async function requirePng(file: UploadedFile | undefined, param: string): Promise<void> {
  if (!file) return;
  const head = new Uint8Array(await file.blob.slice(0, 8).arrayBuffer());
  if (PNG_SIGNATURE.every((byte, i) => head[i] === byte)) return;
  throw new OpenAIError(
    400,
    `Invalid input image: '${param}' must be a PNG file.`,
    "invalid_request_error",
    "invalid_image_format",
    param,
  );
}

function imageUpload(path: string, kind: "edit" | "variation"): MeteredEndpoint {
  return {
    path,
    defaultModel: "images",
    streams: false,
    streamUsage: false,
    upload: {
      files(config): Record<string, FilePartLimit> {
        const limit = { maxBytes: config.imageLimitBytes };
        return kind === "edit" ? { image: limit, mask: limit } : { image: limit };
      },
      required: ["image"],
      async inspect(upload) {
        await requirePng(upload.file("image"), "image");
        await requirePng(upload.file("mask"), "mask");
        return {};
      },
    },
    validate(body) {
      if (kind === "edit" && (typeof body.prompt !== "string" || body.prompt === "")) {
        throw errors.missingParam("prompt");
      }
      integerField(body, "n", { min: 1, max: MAX_IMAGES });
      enumField(body, "response_format", ["url", "b64_json"]);
    },
    estimate(body, model) {
      refuseUnservable(model, path);
      const size = typeof body.size === "string" ? body.size : DEFAULT_SIZE;
      const rate = model.images.get(`${size}/standard`);
      if (!rate && model.images.size > 0) {
        const offered = [...model.images.keys()].map((key) => key.split("/")[0]);
        throw errors.invalidParam(
          "size",
          `'${size}' is not offered for ${model.id}; choose one of: ${[...new Set(offered)].join(", ")}.`,
        );
      }
      return {
        promptTokens: 0,
        maxCompletionTokens: 0,
        images: {
          count: integerField(body, "n", { min: 1, max: MAX_IMAGES }) ?? 1,
          rate: rate ?? { sale: 0n, cost: 0n },
        },
      };
    },
    usage(answer, estimate) {
      const data = record(answer).data;
      if (!Array.isArray(data)) return undefined;
      // Never more images than were held for.
      const count = Math.min(data.length, estimate.images?.count ?? data.length);
      return { promptTokens: 0, completionTokens: 0, cachedTokens: 0, images: count };
    },
  };
}

export const imageEdits = imageUpload("/images/edits", "edit");
export const imageVariations = imageUpload("/images/variations", "variation");
