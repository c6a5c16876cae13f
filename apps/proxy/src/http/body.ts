// Request bodies: JSON only, bounded in size, parsed once. The legacy `api_secret_key` body field
// (clients of the seed's service) is taken out here so it is never forwarded upstream.
import type { IncomingMessage } from "node:http";
import { OpenAIError } from "./openai-error.ts";

export interface JsonBody {
  body: Record<string, unknown>;
  /** The key sent in the body by legacy clients, if any. */
  bodyKey?: string;
}

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

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limitBytes) throw tooLarge(limitBytes);
    chunks.push(buffer);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new OpenAIError(
      400,
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
    );
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new OpenAIError(400, "The request body must be a JSON object.");
  }
  const body = parsed as Record<string, unknown>;
  const bodyKey = typeof body.api_secret_key === "string" ? body.api_secret_key : undefined;
  delete body.api_secret_key;
  return { body, bodyKey };
}

function tooLarge(limitBytes: number): OpenAIError {
  return new OpenAIError(
    413,
    `Request body too large: the limit is ${Math.floor(limitBytes / 1024 / 1024)} MB.`,
    "invalid_request_error",
    "request_too_large",
  );
}
