// Request bodies: JSON only, bounded in size and nesting depth, parsed once. The legacy
// `api_secret_key` body field (clients of the seed's service) is taken out here so it is never
// forwarded upstream.
import type { IncomingMessage } from "node:http";
import { jsonNestingDepth } from "./json-depth.ts";
import { OpenAIError } from "./openai-error.ts";

/**
 * The deepest a body may nest objects and arrays. Real requests stay far below it (a tool's
 * JSON Schema with nested objects is some tens of levels at most); deeper bodies would overflow
 * the stack of whatever walks them after parsing.
 */
export const JSON_DEPTH_LIMIT = 128;

export interface JsonBody {
  body: Record<string, unknown>;
  /** The key sent in the body by legacy clients, if any. */
  bodyKey?: string;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

export async function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<JsonBody> {
  const type = req.headers["content-type"] ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new OpenAIError(
      415,
      `Invalid Content-Type header (${type || "none"}): send the request body as application/json.`,
    );
  }
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limitBytes) throw tooLarge(limitBytes);

  const body = parseJsonObject(await readBytes(req, limitBytes));
  const bodyKey = typeof body.api_secret_key === "string" ? body.api_secret_key : undefined;
  delete body.api_secret_key;
  return { body, bodyKey };
}

/** A JSON object from raw bytes: valid UTF-8, nested at most JSON_DEPTH_LIMIT deep, or a 400. */
export function parseJsonObject(bytes: Uint8Array): Record<string, unknown> {
  if (jsonNestingDepth(bytes, JSON_DEPTH_LIMIT) > JSON_DEPTH_LIMIT) {
    throw new OpenAIError(
      400,
      `The JSON body nests objects and arrays more than ${JSON_DEPTH_LIMIT} levels deep.`,
      "invalid_request_error",
      "json_too_deep",
    );
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new OpenAIError(
      400,
      "The request body is not valid UTF-8: send JSON encoded as UTF-8.",
      "invalid_request_error",
      "invalid_encoding",
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new OpenAIError(
      400,
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
    );
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new OpenAIError(400, "The request body must be a JSON object.");
  }
  return parsed as Record<string, unknown>;
}

/**
 * The whole body, refused with a 413 as soon as it passes the limit. Listens to events rather
 * than iterating: leaving a `for await` early destroys the request and its socket, and with them
 * the answer that was about to say why.
 */
function readBytes(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  // The client may have left while its key was checked: the events below have fired already.
  if (req.destroyed && !req.complete) return Promise.reject(notReceivedInFull());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (error?: OpenAIError) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onBroken);
      req.off("close", onBroken);
      if (error) {
        req.pause();
        reject(error);
      } else {
        resolve(Buffer.concat(chunks, size));
      }
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) stop(tooLarge(limitBytes));
      else chunks.push(chunk);
    };
    const onEnd = () => stop();
    // The client went away mid-body: no one is left to answer, but the call must end as a
    // client error, not as the server's.
    const onBroken = () => stop(notReceivedInFull());
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("error", onBroken);
    req.once("close", onBroken);
  });
}

function notReceivedInFull(): OpenAIError {
  return new OpenAIError(
    400,
    "The request body was not received in full.",
    "invalid_request_error",
  );
}

function tooLarge(limitBytes: number): OpenAIError {
  return new OpenAIError(
    413,
    `Request body too large: the limit is ${Math.floor(limitBytes / 1024 / 1024)} MB.`,
    "invalid_request_error",
    "request_too_large",
  );
}
