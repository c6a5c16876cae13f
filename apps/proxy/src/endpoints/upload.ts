// Endpoints that take multipart/form-data (audio, image edits): how their body is read into the
// same record JSON endpoints validate, with the uploaded files kept beside it for forwarding.
import type { IncomingMessage } from "node:http";
import type { CatalogModel } from "../catalog/catalog.ts";
import type { GatewayConfig } from "../gateway.ts";
import { type FilePartLimit, type MultipartBody, readMultipart } from "../http/multipart.ts";
import { errors, OpenAIError } from "../http/openai-error.ts";
import { providerFor } from "../providers/index.ts";

/** What the hold needs to know from the files themselves. */
export interface UploadFacts {
  /** The audio's measured length, in seconds. */
  audioSeconds?: number;
}

export interface UploadSpec {
  /** The file fields taken and their size limits, from the operator's configuration. */
  files(config: GatewayConfig): Record<string, FilePartLimit>;
  /** File fields a call must send. */
  required: readonly string[];
  /** Reads what the estimate needs from the files; refusals are OpenAIErrors. */
  inspect?(upload: MultipartBody): Promise<UploadFacts>;
}

export interface UploadBody {
  /** The text fields: one value a string, a repeated (`name[]`) field an array of strings. */
  body: Record<string, unknown>;
  bodyKey?: string;
  upload: MultipartBody;
}

/** Reads a multipart call; the legacy `api_secret_key` field is taken out, never forwarded. */
export async function readUpload(
  req: IncomingMessage,
  spec: UploadSpec,
  config: GatewayConfig,
): Promise<UploadBody> {
  const upload = await readMultipart(req, { files: spec.files(config) });
  const body: Record<string, unknown> = {};
  for (const [name, value] of upload.fields) {
    if (name.endsWith("[]")) {
      const list = body[name];
      body[name] = Array.isArray(list) ? [...list, value] : [value];
    } else {
      body[name] = value;
    }
  }
  const bodyKey = typeof body.api_secret_key === "string" ? body.api_secret_key : undefined;
  delete body.api_secret_key;
  const missing = spec.required.find((field) => !upload.file(field));
  if (missing !== undefined) {
    await upload.discard();
    throw errors.missingParam(missing);
  }
  return { body, bodyKey, upload };
}

/**
 * OpenAI-format channels serve these endpoints; a model served only by channels of another wire
 * format (Anthropic) cannot be called on them: a 400 before anything is held.
 */
export function refuseUnservable(model: CatalogModel, path: string): void {
  if (model.routes.some((route) => providerFor(route.channel.provider)?.supports(path))) return;
  throw new OpenAIError(
    400,
    `The model '${model.id}' cannot be used with /v1${path}: none of its upstreams serve it.`,
    "invalid_request_error",
    "model_not_supported",
    "model",
  );
}

/** A numeric text field: absent is undefined, anything but a finite number a 400. */
export function numberField(body: Record<string, unknown>, param: string): number | undefined {
  const value = body[param];
  if (value === undefined || value === "") return undefined;
  const number = typeof value === "string" ? Number(value) : Number.NaN;
  if (!Number.isFinite(number)) {
    throw errors.invalidParam(
      param,
      `Invalid '${param}': expected a number, got '${String(value)}'.`,
    );
  }
  return number;
}

/** An integer text field within a range. */
export function integerField(
  body: Record<string, unknown>,
  param: string,
  range: { min: number; max: number },
): number | undefined {
  const value = numberField(body, param);
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw errors.invalidParam(
      param,
      `Invalid '${param}': expected an integer from ${range.min} to ${range.max}, got ${value}.`,
    );
  }
  return value;
}

/** A text field that must be one of `allowed`. */
export function enumField<T extends string>(
  body: Record<string, unknown>,
  param: string,
  allowed: readonly T[],
): T | undefined {
  const value = body[param];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw errors.invalidParam(
      param,
      `Invalid value for '${param}': '${String(value)}'. Supported values are: ${allowed.map((v) => `'${v}'`).join(", ")}.`,
    );
  }
  return value as T;
}
