// The routes about upstream objects: files, fine-tuning jobs (and the legacy fine-tunes mapped
// onto them) and fine-tuned models. Each needs a key; everything else is the server's.
import { authorize, bearerToken } from "../auth/authenticate.ts";
import { clientAddressOf } from "../auth/client-address.ts";
import type { CallContext } from "../call/pipeline.ts";
import { deleteFile, fileContent, listFiles, retrieveFile } from "../endpoints/files/files.ts";
import { uploadFile } from "../endpoints/files/upload.ts";
import {
  cancelFineTuningJob,
  createFineTuningJob,
  jobList,
  listFineTuningJobs,
  retrieveFineTuningJob,
} from "../endpoints/fine-tuning/jobs.ts";
import {
  cancelFineTune,
  createFineTune,
  fineTuneEvents,
  listFineTunes,
  retrieveFineTune,
} from "../endpoints/fine-tuning/legacy.ts";
import { deleteModel, retrieveFineTunedModel } from "../endpoints/fine-tuning/models.ts";
import type { Gateway } from "../gateway.ts";
import { codeMsgFor, useCodeMsg } from "../http/code-msg.ts";
import type { ObjectHandler } from "./route.ts";

interface ObjectRoute {
  method: string;
  pattern: RegExp;
  handle: ObjectHandler;
  /** The bounded name for metrics. */
  name: string;
}

const ID = "([^/]+)";
const routes: ObjectRoute[] = [
  { method: "POST", pattern: /^\/v1\/files$/, handle: uploadFile, name: "/v1/files" },
  { method: "GET", pattern: /^\/v1\/files$/, handle: listFiles, name: "/v1/files" },
  { method: "GET", pattern: re(`/v1/files/${ID}`), handle: retrieveFile, name: "/v1/files/{id}" },
  { method: "DELETE", pattern: re(`/v1/files/${ID}`), handle: deleteFile, name: "/v1/files/{id}" },
  {
    method: "GET",
    pattern: re(`/v1/files/${ID}/content`),
    handle: fileContent,
    name: "/v1/files/{id}/content",
  },
  {
    method: "POST",
    pattern: /^\/v1\/fine_tuning\/jobs$/,
    handle: createFineTuningJob,
    name: "/v1/fine_tuning/jobs",
  },
  {
    method: "GET",
    pattern: /^\/v1\/fine_tuning\/jobs$/,
    handle: listFineTuningJobs,
    name: "/v1/fine_tuning/jobs",
  },
  {
    method: "GET",
    pattern: re(`/v1/fine_tuning/jobs/${ID}`),
    handle: retrieveFineTuningJob,
    name: "/v1/fine_tuning/jobs/{id}",
  },
  {
    method: "POST",
    pattern: re(`/v1/fine_tuning/jobs/${ID}/cancel`),
    handle: cancelFineTuningJob,
    name: "/v1/fine_tuning/jobs/{id}/cancel",
  },
  {
    method: "GET",
    pattern: re(`/v1/fine_tuning/jobs/${ID}/events`),
    handle: jobList("events"),
    name: "/v1/fine_tuning/jobs/{id}/events",
  },
  {
    method: "GET",
    pattern: re(`/v1/fine_tuning/jobs/${ID}/checkpoints`),
    handle: jobList("checkpoints"),
    name: "/v1/fine_tuning/jobs/{id}/checkpoints",
  },
  { method: "POST", pattern: /^\/v1\/fine-tunes$/, handle: createFineTune, name: "/v1/fine-tunes" },
  { method: "GET", pattern: /^\/v1\/fine-tunes$/, handle: listFineTunes, name: "/v1/fine-tunes" },
  {
    method: "GET",
    pattern: re(`/v1/fine-tunes/${ID}`),
    handle: retrieveFineTune,
    name: "/v1/fine-tunes/{id}",
  },
  {
    method: "POST",
    pattern: re(`/v1/fine-tunes/${ID}/cancel`),
    handle: cancelFineTune,
    name: "/v1/fine-tunes/{id}/cancel",
  },
  {
    method: "GET",
    pattern: re(`/v1/fine-tunes/${ID}/events`),
    handle: fineTuneEvents,
    name: "/v1/fine-tunes/{id}/events",
  },
  {
    method: "DELETE",
    pattern: re(`/v1/models/${ID}`),
    handle: deleteModel,
    name: "/v1/models/{model}",
  },
  {
    method: "GET",
    pattern: /^\/v1\/models\/((?:ft:|ft%3A)[^/]+)$/i,
    handle: retrieveFineTunedModel,
    name: "/v1/models/{model}",
  },
];

function re(path: string): RegExp {
  return new RegExp(`^${path.replaceAll("/", "\\/")}$`);
}

function match(method: string, path: string) {
  for (const route of routes) {
    if (route.method !== method) continue;
    const found = route.pattern.exec(path);
    if (found) return { route, id: found[1] };
  }
  return undefined;
}

/** The metrics name of an object route (any method), or undefined when the path is not one. */
export function objectRouteName(path: string): string | undefined {
  return routes.find((route) => route.pattern.test(path))?.name;
}

/** Serves the call when it is an object route; false when it is not one. */
export async function routeObjects(gateway: Gateway, call: CallContext): Promise<boolean> {
  const method = call.req.method ?? "GET";
  const [path = "/", search = ""] = (call.req.url ?? "/").split("?");
  const found = match(method, path);
  if (!found) return false;
  // The key (and its IP allow-list) before anything is read.
  const key = await authorize(gateway.keys, bearerToken(call.req), clientAddressOf(call.req));
  call.key = key;
  useCodeMsg(call.req, codeMsgFor(key, gateway.catalog.codeMsg()));
  let id = found.id;
  if (id !== undefined) {
    try {
      id = decodeURIComponent(id);
    } catch {
      // A malformed escape names nothing: the handler's 404.
    }
  }
  await found.route.handle({
    gateway,
    call,
    key,
    params: id === undefined ? {} : { id },
    query: new URLSearchParams(search),
  });
  return true;
}
