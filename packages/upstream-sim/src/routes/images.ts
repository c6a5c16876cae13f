import { SimError } from "../errors.ts";
import {
  asBody,
  invalidValue,
  missingParam,
  optionalEnum,
  optionalInteger,
  optionalString,
} from "../params.ts";
import { colourOf, solidPng } from "../png.ts";
import { digestHex } from "../random.ts";
import { nowSeconds, type Route } from "../route.ts";
import { countTokens } from "../tokens.ts";

interface ImageModel {
  sizes: readonly string[];
  qualities: readonly string[];
  maxN: number;
  /** gpt-image models always answer base64 and report token usage. */
  tokenBilled: boolean;
}

const MODELS: Readonly<Record<string, ImageModel>> = {
  "dall-e-2": {
    sizes: ["256x256", "512x512", "1024x1024"],
    qualities: ["standard"],
    maxN: 10,
    tokenBilled: false,
  },
  "dall-e-3": {
    sizes: ["1024x1024", "1792x1024", "1024x1792"],
    qualities: ["standard", "hd"],
    maxN: 1,
    tokenBilled: false,
  },
  "gpt-image-1": {
    sizes: ["auto", "1024x1024", "1536x1024", "1024x1536"],
    qualities: ["auto", "low", "medium", "high"],
    maxN: 10,
    tokenBilled: true,
  },
};

// gpt-image-1's published output tokens per image, by quality and shape (square or not).
const OUTPUT_TOKENS: Readonly<Record<string, readonly [number, number]>> = {
  low: [272, 408],
  medium: [1056, 1584],
  high: [4160, 6240],
};

const GENERIC: ImageModel = {
  sizes: [],
  qualities: ["standard", "hd", "auto", "low", "medium", "high"],
  maxN: 10,
  tokenBilled: false,
};

/** The path a generated image is served at; the id carries everything needed to redraw it. */
export const IMAGE_FILE_PATH = "/v1/sim/images/:file";

export const imageGenerations: Route = {
  method: "POST",
  path: "/v1/images/generations",
  handle: ({ body: raw, origin }) => {
    const body = asBody(raw);
    const prompt = optionalString(body, "prompt");
    if (prompt === undefined || prompt === "") throw missingParam("prompt");
    // OpenAI's default when no model is named.
    const model = optionalString(body, "model") ?? "dall-e-2";
    const spec = MODELS[model] ?? GENERIC;
    const n = optionalInteger(body, "n", { min: 1, max: spec.maxN }) ?? 1;
    const size = optionalString(body, "size") ?? (spec.tokenBilled ? "auto" : "1024x1024");
    if (spec.sizes.length > 0 ? !spec.sizes.includes(size) : !/^\d+x\d+$/.test(size)) {
      throw invalidValue("size", size, spec.sizes.length > 0 ? spec.sizes : ["WIDTHxHEIGHT"]);
    }
    const quality = optionalString(body, "quality") ?? (spec.tokenBilled ? "auto" : "standard");
    if (!spec.qualities.includes(quality)) throw invalidValue("quality", quality, spec.qualities);
    const format = spec.tokenBilled
      ? "b64_json"
      : (optionalEnum(body, "response_format", ["url", "b64_json"]) ?? "url");
    optionalString(body, "user");

    const data = Array.from({ length: n }, (_, index) => {
      const id = digestHex(24, "image", model, prompt, size, quality, String(index));
      const image =
        format === "url"
          ? { url: `${origin}${IMAGE_FILE_PATH.replace(":file", `${id}.png`)}` }
          : { b64_json: solidPng(colourOf(id)).toString("base64") };
      // dall-e-3 rewrites the prompt and says so.
      return model === "dall-e-3" ? { ...image, revised_prompt: prompt } : image;
    });
    if (!spec.tokenBilled) {
      return { kind: "json", body: { created: nowSeconds(), data } };
    }
    const tier = OUTPUT_TOKENS[quality === "auto" ? "medium" : quality] ?? [1056, 1584];
    const square = size === "auto" || size === "1024x1024";
    const outputTokens = n * (square ? tier[0] : tier[1]);
    const inputTokens = countTokens(prompt);
    return {
      kind: "json",
      body: {
        created: nowSeconds(),
        data,
        background: "opaque",
        output_format: "png",
        quality: quality === "auto" ? "medium" : quality,
        size: size === "auto" ? "1024x1024" : size,
        usage: {
          input_tokens: inputTokens,
          output_tokens: outputTokens,
          total_tokens: inputTokens + outputTokens,
          input_tokens_details: { text_tokens: inputTokens, image_tokens: 0 },
        },
      },
    };
  },
};

/** Serves the PNG behind a generated URL. Public, like OpenAI's signed blob URLs. */
export const imageFile: Route = {
  method: "GET",
  path: IMAGE_FILE_PATH,
  public: true,
  handle: ({ params }) => {
    const match = /^([0-9a-f]{24})\.png$/.exec(params.file ?? "");
    if (!match?.[1]) throw new SimError(404, "Image not found.", { code: "not_found" });
    return { kind: "bytes", contentType: "image/png", body: solidPng(colourOf(match[1])) };
  },
};
