// A call about an upstream object, sent to the one channel that holds it (or, for a new file, to
// the channel chosen for it). Answers come back whole except file content, which streams.
import type { ServerResponse } from "node:http";
import type { Dispatcher, FormData } from "undici";
import type { CatalogChannel } from "../catalog/catalog.ts";
import type { Gateway } from "../gateway.ts";
import { errors, sendJson } from "../http/openai-error.ts";
import { splitBaseUrl } from "../providers/types.ts";

export interface ObjectRequest {
  method: "GET" | "POST" | "DELETE";
  /** Below /v1, e.g. "/files/file-abc"; may carry a query string. */
  path: string;
  json?: unknown;
  form?: FormData;
  signal?: AbortSignal;
}

export interface ObjectAnswer {
  status: number;
  /** The parsed JSON answer (undefined when it was not JSON). */
  body: unknown;
  text: string;
}

export async function send(
  gateway: Gateway,
  channel: CatalogChannel,
  request: ObjectRequest,
): Promise<Dispatcher.ResponseData> {
  const { origin, prefix } = splitBaseUrl(channel.baseUrl);
  const headers: Record<string, string> = { authorization: `Bearer ${channel.apiKey}` };
  if (request.json !== undefined) headers["content-type"] = "application/json";
  try {
    return await gateway.pools.get(origin).request({
      method: request.method,
      path: `${prefix}${request.path}`,
      headers,
      body: request.form ?? (request.json === undefined ? undefined : JSON.stringify(request.json)),
      signal: request.signal,
      headersTimeout: gateway.config.headersTimeoutMs,
      bodyTimeout: 0,
    });
  } catch (error) {
    if (request.signal?.aborted) throw error;
    gateway.health.failure(channel.id);
    throw errors.upstreamUnavailable();
  }
}

/** Sends a request and reads its whole answer. */
export async function call(
  gateway: Gateway,
  channel: CatalogChannel,
  request: ObjectRequest,
): Promise<ObjectAnswer> {
  const response = await send(gateway, channel, request);
  const text = await response.body.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.statusCode, body, text };
}

/** Relays an upstream answer as it came (an error in OpenAI's shape stays one). */
export function relay(res: ServerResponse, answer: ObjectAnswer, requestId: string): void {
  if (answer.body !== undefined) {
    sendJson(res, answer.status, answer.body, { "x-request-id": requestId });
    return;
  }
  res.writeHead(answer.status, { "content-type": "text/plain", "x-request-id": requestId });
  res.end(answer.text);
}

export function ok(answer: ObjectAnswer): boolean {
  return answer.status >= 200 && answer.status < 300;
}
