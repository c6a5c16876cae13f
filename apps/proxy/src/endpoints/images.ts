import { errors } from "../http/openai-error.ts";
import { choices } from "./chat.ts";
import { type MeteredEndpoint, record } from "./types.ts";

const DEFAULT_SIZE = "1024x1024";
const DEFAULT_QUALITY = "standard";
// OpenAI's largest `n` for an image call (dall-e-2, gpt-image-1; dall-e-3 takes only 1).
const MAX_IMAGES = 10;

export const imageGenerations: MeteredEndpoint = {
  path: "/images/generations",
  defaultModel: "images",
  streams: false,
  streamUsage: false,
  validate(body) {
    if (typeof body.prompt !== "string" || body.prompt.length === 0)
      throw errors.missingParam("prompt");
    choices(body, "n", MAX_IMAGES);
  },
  estimate(body, model) {
    const size = typeof body.size === "string" ? body.size : DEFAULT_SIZE;
    const quality = typeof body.quality === "string" ? body.quality : DEFAULT_QUALITY;
    const rate = model.images.get(`${size}/${quality}`);
    if (!rate && model.images.size > 0) {
      const offered = [...model.images.keys()].join(", ");
      throw errors.invalidParam(
        "size",
        `'${size}' at quality '${quality}' is not offered for ${model.id}; choose one of: ${offered}.`,
      );
    }
    return {
      promptTokens: 0,
      maxCompletionTokens: 0,
      images: { count: choices(body, "n", MAX_IMAGES), rate: rate ?? { sale: 0n, cost: 0n } },
    };
  },
  usage(answer, estimate) {
    const data = record(answer).data;
    if (!Array.isArray(data)) return undefined;
    const count = data.length;
    // Never charge for more images than were held for.
    return {
      promptTokens: 0,
      completionTokens: 0,
      cachedTokens: 0,
      images: Math.min(count, estimate.images?.count ?? count),
    };
  },
};
