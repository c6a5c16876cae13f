// multipart/form-data request bodies, parsed as they stream in (@fastify/busboy). Every limit is
// enforced while reading: a file part stops the upload the moment it passes its field's limit, so
// an oversize file is refused without being received. Files are kept once, in memory or spooled to
// a temporary file, and handed out as Blobs that can be read again (each failover attempt
// re-reads the same bytes) without a second copy.
import { randomUUID } from "node:crypto";
import { createWriteStream, openAsBlob } from "node:fs";
import { rm } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import Busboy, { type BusboyFileStream } from "@fastify/busboy";
import { OpenAIError } from "./openai-error.ts";

export interface FilePartLimit {
  /** Largest accepted file, in bytes. */
  maxBytes: number;
  /** How many parts may carry this field (default 1). */
  maxCount?: number;
}

export interface MultipartOptions {
  /** The file fields accepted, by name; a file in any other field is refused. */
  files: Readonly<Record<string, FilePartLimit>>;
  /** Largest text field, in bytes (default 1 MiB). */
  maxFieldBytes?: number;
  /** Most text fields (default 100). */
  maxFields?: number;
  /** Where files are kept while the call runs: "memory" (default) or a temporary file. */
  spool?: "memory" | "disk";
  /** The directory of spooled files (default: the OS's temporary directory). */
  spoolDir?: string;
}

export interface UploadedFile {
  field: string;
  filename: string;
  /** As the client declared it. */
  contentType: string;
  size: number;
  /** The bytes, readable any number of times. */
  blob: Blob;
}

export interface MultipartBody {
  /** Text fields in the order sent; a name may repeat (`timestamp_granularities[]`). */
  fields: [name: string, value: string][];
  files: UploadedFile[];
  /** The last value sent for a text field. */
  field(name: string): string | undefined;
  /** The first file sent in a field. */
  file(name: string): UploadedFile | undefined;
  /** Removes spooled files; safe to call more than once. */
  discard(): Promise<void>;
}

const MULTIPART = /^multipart\/form-data\b/i;

/** Whether a request says its body is multipart/form-data. */
export function isMultipart(req: IncomingMessage): boolean {
  return MULTIPART.test(req.headers["content-type"] ?? "");
}

/**
 * Reads a multipart/form-data body whole. Refusals are OpenAI-shaped: a wrong content type (415),
 * a malformed or truncated body (400), a file over its limit (413), a file in an unknown field or
 * too many fields (400), a client gone mid-upload (400). Nothing is kept after a refusal.
 */
export function readMultipart(
  req: IncomingMessage,
  options: MultipartOptions,
): Promise<MultipartBody> {
  const type = req.headers["content-type"] ?? "";
  if (!MULTIPART.test(type)) {
    return Promise.reject(
      new OpenAIError(
        415,
        `Invalid Content-Type header (${type || "none"}), expected multipart/form-data.`,
      ),
    );
  }
  // The client may have left while the call waited (for its key check): no event is coming.
  if (req.destroyed && !req.complete) return Promise.reject(notReceived());
  const maxFieldBytes = options.maxFieldBytes ?? 1024 * 1024;
  const spoolDir = options.spool === "disk" ? (options.spoolDir ?? tmpdir()) : undefined;
  let parser: ReturnType<typeof Busboy>;
  try {
    parser = Busboy({
      headers: { ...req.headers, "content-type": type },
      limits: { fieldSize: maxFieldBytes, fields: options.maxFields ?? 100 },
    });
  } catch {
    // No boundary, or one busboy cannot use.
    return Promise.reject(unparsable());
  }

  const fields: [string, string][] = [];
  const files: UploadedFile[] = [];
  const spooled: string[] = [];
  const writes: Promise<void>[] = [];
  const open = new Set<BusboyFileStream>();
  const discard = async () => {
    await Promise.all(spooled.splice(0).map((path) => rm(path, { force: true })));
  };

  return new Promise<MultipartBody>((resolve, reject) => {
    let failed = false;
    const fail = (error: OpenAIError) => {
      if (failed) return;
      failed = true;
      req.off("close", onClose);
      req.unpipe(parser);
      req.pause();
      // Later chunks and parser events are dropped; the server answers and lingers.
      parser.removeAllListeners("error");
      parser.on("error", () => {});
      // A file part cut off with its request never ends by itself.
      for (const stream of open) stream.destroy(error);
      Promise.allSettled(writes)
        .then(discard)
        .finally(() => reject(error));
    };
    const onClose = () => {
      if (!req.complete) fail(notReceived());
    };

    parser.on("field", (name, value, _nameTruncated, valueTruncated) => {
      if (valueTruncated) {
        fail(
          new OpenAIError(
            400,
            `The '${name}' field is longer than ${maxFieldBytes} bytes.`,
            "invalid_request_error",
            "field_too_large",
            name,
          ),
        );
        return;
      }
      fields.push([name, value]);
    });
    parser.on("fieldsLimit", () =>
      fail(new OpenAIError(400, "The form has too many fields.", "invalid_request_error")),
    );
    parser.on("file", (name, stream, filename, _encoding, mimeType) => {
      const limit = options.files[name];
      const count = files.filter((f) => f.field === name).length;
      if (!limit || count >= (limit.maxCount ?? 1)) {
        stream.resume();
        fail(
          new OpenAIError(
            400,
            limit
              ? `Only ${limit.maxCount ?? 1} file(s) may be sent in '${name}'.`
              : `Unexpected file field '${name}'.`,
            "invalid_request_error",
            "unexpected_file",
            name,
          ),
        );
        return;
      }
      open.add(stream);
      const write = keep(stream, limit.maxBytes, name, spoolDir, spooled)
        .then(async (kept) => {
          const blob = kept.path
            ? await openAsBlob(kept.path, { type: mimeType })
            : new Blob(kept.chunks, { type: mimeType });
          files.push({ field: name, filename, contentType: mimeType, size: kept.size, blob });
        })
        .catch((error: unknown) => {
          stream.resume();
          fail(error instanceof OpenAIError ? error : unparsable());
        })
        .finally(() => open.delete(stream));
      writes.push(write);
    });
    parser.on("error", () => fail(unparsable()));
    parser.on("finish", () => {
      Promise.all(writes).then(() => {
        if (failed) return;
        req.off("close", onClose);
        resolve({
          fields,
          files,
          field: (name) => fields.findLast(([n]) => n === name)?.[1],
          file: (name) => files.find((f) => f.field === name),
          discard,
        });
      });
    });
    req.once("close", onClose);
    req.once("error", () => fail(notReceived()));
    req.pipe(parser);
  });
}

interface Kept {
  size: number;
  chunks: Buffer[];
  path?: string;
}

/** Takes one file part's bytes, failing as soon as they pass maxBytes. */
async function keep(
  stream: BusboyFileStream,
  maxBytes: number,
  field: string,
  spoolDir: string | undefined,
  spooled: string[],
): Promise<Kept> {
  const kept: Kept = { size: 0, chunks: [] };
  const count = async function* (source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      kept.size += chunk.length;
      if (kept.size > maxBytes) throw fileTooLarge(field, maxBytes);
      yield chunk;
    }
  };
  if (spoolDir !== undefined) {
    const path = join(spoolDir, `relay-upload-${randomUUID()}`);
    spooled.push(path);
    kept.path = path;
    await pipeline(stream, count, createWriteStream(path, { mode: 0o600 }));
  } else {
    for await (const chunk of count(stream)) kept.chunks.push(chunk);
  }
  return kept;
}

function fileTooLarge(field: string, maxBytes: number): OpenAIError {
  return new OpenAIError(
    413,
    `Maximum content size limit (${maxBytes}) exceeded: the '${field}' file is larger than ${formatBytes(maxBytes)}.`,
    "invalid_request_error",
    "file_too_large",
    field,
  );
}

function formatBytes(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  return mb >= 1 ? `${Number(mb.toFixed(1))} MB` : `${bytes} bytes`;
}

function unparsable(): OpenAIError {
  return new OpenAIError(
    400,
    "Could not parse multipart form: the body is not valid multipart/form-data (a missing or broken boundary, or a truncated body).",
    "invalid_request_error",
    "invalid_multipart",
  );
}

function notReceived(): OpenAIError {
  return new OpenAIError(
    400,
    "The request body was not received in full.",
    "invalid_request_error",
  );
}
