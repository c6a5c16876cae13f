// GET /v1/responses/{id}, DELETE /v1/responses/{id} and GET /v1/responses/{id}/input_items, for
// the caller's tenant only: another tenant's id is the same 404 as an unknown one. A response that
// lives upstream is asked of the channel that made it; one Relay keeps is answered from the store.
import type { ServerResponse } from "node:http";
import type { KeyRecord } from "../../auth/key-cache.ts";
import type { ChannelRoute } from "../../catalog/catalog.ts";
import { upstreamError } from "../../channels/upstream-error.ts";
import type { Gateway } from "../../gateway.ts";
import { errors, OpenAIError, sendError, sendJson } from "../../http/openai-error.ts";
import { providerFor } from "../../providers/index.ts";
import { deleteResponse, findResponse, type OwnedResponse } from "./store.ts";

export const RESPONSE_PATH = /^\/v1\/responses\/([^/]+)(\/input_items)?$/;

export interface ObjectRequest {
  method: string;
  id: string;
  /** The input_items list rather than the response. */
  inputItems: boolean;
  query: URLSearchParams;
  res: ServerResponse;
  requestId: string;
}

function notFound(id: string): OpenAIError {
  return new OpenAIError(404, `Response with id '${id}' not found.`, "invalid_request_error");
}

export async function serveResponseObject(
  gateway: Gateway,
  key: KeyRecord,
  request: ObjectRequest,
): Promise<void> {
  const { method, id, res, requestId } = request;
  if (!(method === "GET" || (method === "DELETE" && !request.inputItems))) {
    throw errors.unknownRoute(
      method,
      `/v1/responses/${id}${request.inputItems ? "/input_items" : ""}`,
    );
  }
  const owned = await findResponse(gateway.db, key.tenantId, id);
  if (!owned) throw notFound(id);
  const headers = { "x-request-id": requestId };
  if (owned.channelId) {
    await askUpstream(gateway, owned.channelId, request, key.tenantId);
    return;
  }
  if (method === "DELETE") {
    await deleteResponse(gateway.db, key.tenantId, id);
    sendJson(res, 200, { id, object: "response", deleted: true }, headers);
    return;
  }
  if (request.inputItems) {
    sendJson(res, 200, listItems(owned, request.query), headers);
    return;
  }
  sendJson(res, 200, owned.response, headers);
}

/** input_items as OpenAI pages them: newest first unless order=asc, `limit` (1-100), `after`. */
function listItems(owned: OwnedResponse, query: URLSearchParams) {
  const ordered = query.get("order") === "asc" ? owned.input : [...owned.input].reverse();
  const after = query.get("after");
  const start = after ? ordered.findIndex((item) => item.id === after) + 1 : 0;
  const limit = Math.min(Math.max(Number.parseInt(query.get("limit") ?? "20", 10) || 20, 1), 100);
  const data = ordered.slice(start, start + limit);
  return {
    object: "list",
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: start + limit < ordered.length,
  };
}

async function channelRoute(
  gateway: Gateway,
  channelId: string,
): Promise<ChannelRoute | undefined> {
  for (const model of (await gateway.catalog.models()).values()) {
    const route = model.routes.find((candidate) => candidate.channel.id === channelId);
    if (route) return route;
  }
  return undefined;
}

async function askUpstream(
  gateway: Gateway,
  channelId: string,
  request: ObjectRequest,
  tenantId: string,
): Promise<void> {
  const { method, id, res, requestId } = request;
  const route = await channelRoute(gateway, channelId);
  const provider = route && providerFor(route.channel.provider);
  if (!route || !provider) throw errors.upstreamUnavailable();
  const suffix = request.inputItems ? "/input_items" : "";
  const built = provider.request({
    endpoint: `/responses/${encodeURIComponent(id)}${suffix}`,
    body: {},
    route,
  });
  const { "content-type": _json, ...headers } = built.headers;
  const query = request.query.toString();
  const path = query ? `${built.path}${built.path.includes("?") ? "&" : "?"}${query}` : built.path;
  let status: number;
  let text: string;
  try {
    const answer = await gateway.pools.get(built.origin).request({
      method: method === "DELETE" ? "DELETE" : "GET",
      path,
      headers,
      headersTimeout: gateway.config.headersTimeoutMs,
    });
    status = answer.statusCode;
    text = await answer.body.text();
  } catch {
    throw errors.upstreamUnavailable();
  }
  // Gone upstream is gone here too.
  if (method === "DELETE" && (status < 300 || status === 404)) {
    await deleteResponse(gateway.db, tenantId, id);
  }
  if (status >= 400) {
    sendError(res, upstreamError(provider, status, text), requestId);
    return;
  }
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    throw errors.upstreamUnavailable();
  }
  sendJson(res, status, answer, { "x-request-id": requestId });
}
