// Sends a call to the first channel that takes it. A connect error, a timeout before the response
// headers, a 429 or a 5xx means the upstream produced nothing: the next channel is tried and the
// failure counts against the channel's health. Anything else is the answer, relayed as it is.

import type { Dispatcher } from "undici";
import type { CallAbort } from "../call/call-abort.ts";
import type { ChannelRoute } from "../catalog/catalog.ts";
import type { Dialect } from "../endpoints/dialect.ts";
import { copyWith } from "../http/copy-with.ts";
import type { UploadedFile } from "../http/multipart.ts";
import { formRequest } from "../http/multipart-encode.ts";
import { providerFor } from "../providers/index.ts";
import type { Provider } from "../providers/types.ts";
import type { ChannelHealth } from "./health.ts";
import type { UpstreamPools } from "./pools.ts";

export interface ForwardInput {
  endpoint: string;
  /** The client's body; `model` is replaced by each channel's upstream name. */
  body: Record<string, unknown>;
  routes: ChannelRoute[];
  /** The endpoint is another API's: channels that do not speak it get a chat completion. */
  dialect?: Pick<Dialect, "native" | "toChat">;
  /** A multipart call's files: the body goes as a form of its fields and these. */
  files?: readonly UploadedFile[];
  /** Client headers for channels that serve the dialect natively (anthropic-beta). */
  headers?: Record<string, string>;
  /** Ends the upstream request when aborted (undici takes an emitter of "abort" too). */
  signal: AbortSignal | CallAbort;
  /** Longest wait for an upstream's response headers. */
  headersTimeoutMs: number;
}

export interface Forwarded {
  route: ChannelRoute;
  provider: Provider;
  response: Dispatcher.ResponseData;
  /** The channel was sent the dialect's request as a chat completion, and answers as one. */
  viaChat: boolean;
  startedAt: number;
  firstByteAt: number;
}

export class UpstreamFailed extends Error {
  constructor(
    message: string,
    /** The last upstream error response, if any upstream answered at all. */
    readonly last?: {
      status: number;
      body: string;
      headers: Record<string, string>;
      /** Who answered it, in which wire format (errors are in the provider's shape). */
      provider: Provider;
    },
  ) {
    super(message);
  }
}

function retryable(status: number): boolean {
  return status === 429 || status >= 500;
}

export async function forward(
  input: ForwardInput,
  pools: UpstreamPools,
  health: ChannelHealth,
): Promise<Forwarded> {
  let last: UpstreamFailed["last"];
  let lastError: unknown;
  let chatBody: Record<string, unknown> | undefined;
  for (const route of input.routes) {
    const provider = providerFor(route.channel.provider);
    const { dialect } = input;
    const viaChat = dialect !== undefined && !dialect.native(route.channel.provider);
    const endpoint = viaChat ? "/chat/completions" : input.endpoint;
    if (!provider?.supports(endpoint)) continue;
    if (viaChat) chatBody ??= dialect.toChat(input.body);
    const request = provider.request({
      endpoint,
      body: copyWith(viaChat ? chatBody : input.body, "model", route.upstreamModel),
      route,
      headers: viaChat ? undefined : input.headers,
    });
    const sent = input.files
      ? formRequest(request, copyWith(input.body, "model", route.upstreamModel), input.files)
      : request;
    const startedAt = performance.now();
    let response: Dispatcher.ResponseData;
    try {
      response = await pools.get(request.origin).request({
        method: "POST",
        path: request.path,
        headers: sent.headers,
        body: sent.body,
        signal: input.signal,
        headersTimeout: input.headersTimeoutMs,
        bodyTimeout: 0,
      });
    } catch (error) {
      if (input.signal.aborted) throw error;
      health.failure(route.channel.id);
      lastError = error;
      continue;
    }
    const firstByteAt = performance.now();
    if (retryable(response.statusCode)) {
      health.failure(route.channel.id);
      last = {
        status: response.statusCode,
        body: await response.body.text().catch(() => ""),
        headers: pickHeaders(response.headers, ["retry-after", "content-type"]),
        provider,
      };
      continue;
    }
    health.success(route.channel.id, Math.round(firstByteAt - startedAt));
    return { route, provider, response, viaChat, startedAt, firstByteAt };
  }
  const reason = lastError instanceof Error ? lastError.message : "no channel accepted the call";
  throw new UpstreamFailed(reason, last);
}

function pickHeaders(
  headers: Dispatcher.ResponseData["headers"],
  names: string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = headers[name];
    if (typeof value === "string") out[name] = value;
  }
  return out;
}
