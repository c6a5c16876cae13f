// OpenAI's Files API: upload (multipart), list, retrieve, delete and content.
import { SimError } from "../errors.ts";
import { newId } from "../ids.ts";
import { nowSeconds, type Route } from "../route.ts";
import { parseForm } from "./multipart.ts";
import { files, type SimFile } from "./store.ts";

const PURPOSES = ["assistants", "batch", "fine-tune", "vision", "user_data", "evals"];

function fileObject(file: SimFile) {
  return {
    id: file.id,
    object: "file",
    bytes: file.bytes,
    created_at: file.created_at,
    filename: file.filename,
    purpose: file.purpose,
    status: "processed",
    status_details: null,
  };
}

function noSuchFile(id: string): SimError {
  return new SimError(404, `No such File object: ${id}`, { param: "id" });
}

export function liveFile(id: string): SimFile {
  const file = files.get(id);
  if (!file || file.deleted) throw noSuchFile(id);
  return file;
}

export const fileRoutes: readonly Route[] = [
  {
    method: "POST",
    path: "/v1/files",
    rawBody: true,
    handle: ({ raw, contentType }) => {
      const parts = parseForm(contentType, raw);
      const purpose = parts.find((p) => p.name === "purpose")?.data.toString("utf8");
      const upload = parts.find((p) => p.name === "file" && p.filename !== undefined);
      if (!upload) {
        throw new SimError(400, "Missing required parameter: 'file'.", { param: "file" });
      }
      if (!purpose || !PURPOSES.includes(purpose)) {
        throw new SimError(
          400,
          `'${purpose ?? ""}' is not one of ${PURPOSES.map((p) => `'${p}'`).join(", ")} - 'purpose'`,
          { param: "purpose" },
        );
      }
      const file: SimFile = {
        id: newId("file-", 24),
        bytes: upload.data.length,
        created_at: nowSeconds(),
        filename: upload.filename ?? "file",
        purpose,
        content: Buffer.from(upload.data),
        deleted: false,
      };
      files.set(file.id, file);
      return { kind: "json", body: fileObject(file) };
    },
  },
  {
    method: "GET",
    path: "/v1/files",
    handle: ({ query }) => {
      const purpose = query.get("purpose");
      const data = [...files.values()]
        .filter((f) => !f.deleted && (!purpose || f.purpose === purpose))
        .map(fileObject);
      return {
        kind: "json",
        body: {
          object: "list",
          data,
          first_id: data[0]?.id ?? null,
          last_id: data.at(-1)?.id ?? null,
          has_more: false,
        },
      };
    },
  },
  {
    method: "GET",
    path: "/v1/files/:id",
    handle: ({ params }) => ({ kind: "json", body: fileObject(liveFile(params.id ?? "")) }),
  },
  {
    method: "DELETE",
    path: "/v1/files/:id",
    handle: ({ params }) => {
      const file = liveFile(params.id ?? "");
      file.deleted = true;
      return { kind: "json", body: { id: file.id, object: "file", deleted: true } };
    },
  },
  {
    method: "GET",
    path: "/v1/files/:id/content",
    handle: ({ params }) => {
      const file = liveFile(params.id ?? "");
      return { kind: "bytes", contentType: "application/octet-stream", body: file.content };
    },
  },
];
