import { SimError } from "../errors.ts";
import {
  asBody,
  type Body,
  invalidType,
  isList,
  missingParam,
  optionalEnum,
  optionalInteger,
  requireModel,
} from "../params.ts";
import { createRandom } from "../random.ts";
import type { Route } from "../route.ts";
import { countTokens, decodeTokens, isValidTokenId } from "../tokens.ts";

// Each model's native width; `dimensions` shortens it (the text-embedding-3 models only).
const NATIVE_DIMENSIONS: Readonly<Record<string, number>> = {
  "text-embedding-3-large": 3072,
  "text-embedding-3-small": 1536,
  "text-embedding-ada-002": 1536,
};
const DEFAULT_DIMENSIONS = 1536;
const MAX_INPUTS = 2048;

interface EmbeddingInput {
  /** What the vector is derived from: the text, or the decoded tokens. */
  key: string;
  tokens: number;
}

function parseInputs(body: Body): EmbeddingInput[] {
  const value = body.input;
  if (value === undefined || value === null) throw missingParam("input");
  const empty = () =>
    new SimError(
      400,
      "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
      {
        param: "input",
      },
    );
  if (typeof value === "string") {
    if (value === "") throw empty();
    return [{ key: value, tokens: countTokens(value) }];
  }
  if (!isList(value) || value.length === 0) throw empty();
  if (value.length > MAX_INPUTS) {
    throw new SimError(400, `'$.input' is invalid: at most ${MAX_INPUTS} inputs per request.`, {
      param: "input",
    });
  }
  if (value.every((item): item is string => typeof item === "string")) {
    if (value.some((item) => item === "")) throw empty();
    return value.map((text) => ({ key: text, tokens: countTokens(text) }));
  }
  if (value.every((item): item is number => typeof item === "number")) return [tokenInput(value)];
  if (value.every(isList)) return value.map(tokenInput);
  throw invalidType("input", "a string, an array of strings or an array of token arrays", value);
}

function tokenInput(tokens: readonly unknown[]): EmbeddingInput {
  const ids = tokens.filter((t): t is number => typeof t === "number" && isValidTokenId(t));
  if (ids.length !== tokens.length || ids.length === 0) {
    throw new SimError(400, "'$.input' is invalid: not a valid token array.", { param: "input" });
  }
  try {
    // Tokens and the text they spell get the same vector, as they are the same input.
    return { key: decodeTokens(ids), tokens: ids.length };
  } catch {
    throw new SimError(400, "'$.input' is invalid: not a valid token array.", { param: "input" });
  }
}

/**
 * A unit vector derived from the input's hash. A shortened one is the native vector's prefix,
 * renormalised: what OpenAI documents for `dimensions`.
 */
export function embeddingVector(model: string, text: string, dimensions: number): Float32Array {
  const native = NATIVE_DIMENSIONS[model] ?? Math.max(DEFAULT_DIMENSIONS, dimensions);
  const random = createRandom("embedding", model, text);
  const values = new Float64Array(dimensions);
  for (let i = 0; i < Math.min(native, dimensions); i += 1) {
    // The sum of two uniforms: centred and bell-shaped enough to look like an embedding.
    values[i] = random.next() + random.next() - 1;
  }
  const norm = Math.hypot(...values) || 1;
  return Float32Array.from(values, (v) => v / norm);
}

/** OpenAI's base64 format: the little-endian float32 bytes, whatever the host's byte order. */
export function toBase64(vector: Float32Array): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, index) => {
    bytes.writeFloatLE(value, index * 4);
  });
  return bytes.toString("base64");
}

export const embeddings: Route = {
  method: "POST",
  path: "/v1/embeddings",
  handle: ({ body: raw }) => {
    const body = asBody(raw);
    const model = requireModel(body);
    const inputs = parseInputs(body);
    const native = NATIVE_DIMENSIONS[model];
    const requested = optionalInteger(body, "dimensions", { min: 1, max: native ?? 8192 });
    if (requested !== undefined && model === "text-embedding-ada-002") {
      throw new SimError(400, "This model does not support specifying dimensions.", {
        param: "dimensions",
      });
    }
    const dimensions = requested ?? native ?? DEFAULT_DIMENSIONS;
    const format = optionalEnum(body, "encoding_format", ["float", "base64"]) ?? "float";
    const data = inputs.map((input, index) => {
      const vector = embeddingVector(model, input.key, dimensions);
      return {
        object: "embedding",
        index,
        embedding: format === "base64" ? toBase64(vector) : Array.from(vector),
      };
    });
    const promptTokens = inputs.reduce((sum, input) => sum + input.tokens, 0);
    return {
      kind: "json",
      body: {
        object: "list",
        data,
        model,
        usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
      },
    };
  },
};
