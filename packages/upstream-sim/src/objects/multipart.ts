// A whole multipart/form-data body, split by its boundary: enough for a test double that
// receives files from Relay, which always sends well-formed forms.
import { SimError } from "../errors.ts";

export interface FormPart {
  name: string;
  filename?: string;
  data: Buffer;
}

export function parseForm(contentType: string | undefined, body: Buffer): FormPart[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? "");
  const mark = boundary?.[1] ?? boundary?.[2];
  if (!mark) throw new SimError(400, "Expected a multipart/form-data body.");
  const delimiter = Buffer.from(`--${mark}`);
  const parts: FormPart[] = [];
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    // Each part: CRLF, headers, a blank line, the data, CRLF before the next delimiter.
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const split = part.indexOf("\r\n\r\n");
    if (split >= 0) {
      const head = part.subarray(0, split).toString("utf8");
      const name = /name="([^"]*)"/i.exec(head)?.[1];
      const filename = /filename="([^"]*)"/i.exec(head)?.[1];
      if (name !== undefined) parts.push({ name, filename, data: part.subarray(split + 4) });
    }
    start = next;
  }
  return parts;
}
