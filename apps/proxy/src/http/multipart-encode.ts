// A multipart/form-data body for the upstream, written as a stream: text fields, then each file's
// Blob read as it is sent. Nothing is copied; the length is known up front, so upstreams that
// want Content-Length get it, and a failover re-encodes from the same Blobs.
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import type { UpstreamRequest } from "../providers/types.ts";
import type { UploadedFile } from "./multipart.ts";

export interface EncodedForm {
  contentType: string;
  contentLength: number;
  body: Readable;
}

/** Quotes a form name or filename as browsers do: CR, LF and `"` percent-encoded. */
function quoted(value: string): string {
  return value.replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/"/g, "%22");
}

/**
 * Encodes text fields (a string, a number or boolean as text, an array as the same name
 * repeated; null and undefined left out) and files.
 */
export function encodeMultipart(
  fields: Record<string, unknown>,
  files: readonly UploadedFile[],
): EncodedForm {
  const boundary = `relay-${randomBytes(16).toString("hex")}`;
  const parts: (Buffer | Blob)[] = [];
  const head = (headers: string) => Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`);
  for (const [name, raw] of Object.entries(fields)) {
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (value === undefined || value === null) continue;
      const text = typeof value === "object" ? JSON.stringify(value) : String(value);
      parts.push(head(`Content-Disposition: form-data; name="${quoted(name)}"`));
      parts.push(Buffer.from(`${text}\r\n`));
    }
  }
  for (const file of files) {
    parts.push(
      head(
        `Content-Disposition: form-data; name="${quoted(file.field)}"; filename="${quoted(file.filename)}"\r\n` +
          `Content-Type: ${file.contentType || "application/octet-stream"}`,
      ),
    );
    parts.push(file.blob, Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const contentLength = parts.reduce(
    (sum, part) => sum + (part instanceof Blob ? part.size : part.length),
    0,
  );
  async function* chunks() {
    for (const part of parts) {
      if (!(part instanceof Blob)) {
        yield part;
        continue;
      }
      for await (const chunk of part.stream()) yield chunk as Uint8Array;
    }
  }
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength,
    body: Readable.from(chunks(), { objectMode: false }),
  };
}

/** A provider's request for a JSON body, sent instead as a form of `fields` and `files`. */
export function formRequest(
  request: UpstreamRequest,
  fields: Record<string, unknown>,
  files: readonly UploadedFile[],
): { headers: Record<string, string>; body: Readable } {
  const form = encodeMultipart(fields, files);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.toLowerCase() !== "content-type") headers[name] = value;
  }
  headers["content-type"] = form.contentType;
  headers["content-length"] = String(form.contentLength);
  return { headers, body: form.body };
}
