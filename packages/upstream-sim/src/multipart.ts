// multipart/form-data request bodies (audio and image uploads), parsed from the bytes the server
// already read: text fields by name (`name[]` repeated into a list) and files with their bytes.
import Busboy from "@fastify/busboy";
import { SimError } from "./errors.ts";
import type { RouteInput } from "./route.ts";

export interface SimFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

/** Whether a content type is multipart/form-data. */
export function isMultipart(contentType: string | undefined): boolean {
  return /^multipart\/form-data\b/i.test(contentType ?? "");
}

export function isSimFile(value: unknown): value is SimFile {
  return value !== null && typeof value === "object" && Buffer.isBuffer((value as SimFile).data);
}

/** The form as a body record: text fields as strings (lists for `name[]`), files as SimFiles. */
export function parseMultipart(contentType: string, raw: Buffer): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const broken = () => reject(new SimError(400, "Could not parse multipart form"));
    let parser: ReturnType<typeof Busboy>;
    try {
      parser = Busboy({ headers: { "content-type": contentType } });
    } catch {
      broken();
      return;
    }
    const body: Record<string, unknown> = {};
    parser.on("field", (name, value) => {
      if (!name.endsWith("[]")) {
        body[name] = value;
        return;
      }
      const list = body[name];
      body[name] = Array.isArray(list) ? [...list, value] : [value];
    });
    parser.on("file", (name, stream, filename, _encoding, mimeType) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        body[name] = { filename, contentType: mimeType, data: Buffer.concat(chunks) };
      });
    });
    parser.on("finish", () => resolve(body));
    parser.on("error", broken);
    parser.end(raw);
  });
}

/** A multipart route's body: its form; anything else is not a form this route can read. */
export function formBody(input: RouteInput): Promise<Record<string, unknown>> {
  if (!isMultipart(input.contentType)) {
    throw new SimError(
      400,
      `Invalid Content-Type header (${input.contentType ?? "none"}), expected multipart/form-data.`,
    );
  }
  return parseMultipart(input.contentType ?? "", input.raw);
}
