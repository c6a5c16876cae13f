// One provider per upstream wire format, each in its own folder behind this interface: how a call
// is sent (request, probe) and how its answer comes back in OpenAI's shape (errors, streams,
// whole answers, and whether the upstream's usage can be read). The call's stages (call/) never
// branch on a provider; a new upstream format is one new folder registered in index.ts.
import type { Readable } from "node:stream";
import type { CatalogChannel, ChannelRoute } from "../catalog/catalog.ts";
import type { OpenAIError } from "../http/openai-error.ts";
import type { EventSink, StreamOutcome } from "../streaming/sse-relay.ts";

/** An OpenAI-shaped call about to go to one channel. */
export interface ProviderCall {
  /** The OpenAI path below /v1, e.g. "/chat/completions". */
  endpoint: string;
  /** The request body as the client sent it, with the model already mapped for this channel. */
  body: Record<string, unknown>;
  route: ChannelRoute;
  /** Client headers meant for this upstream: a natively served dialect's (anthropic-beta). */
  headers?: Record<string, string>;
}

export interface UpstreamRequest {
  /** "http://host:port" */
  origin: string;
  /** Path and query. */
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface StreamRelayOptions {
  /** The model name the client asked for (answers carry it). */
  requestedModel: string;
  /** The client itself asked for stream_options.include_usage. */
  includeUsage: boolean;
}

/** A whole (non-stream) answer as the client gets it. */
export interface WholeAnswer {
  /** The answer in OpenAI's shape. */
  answer: unknown;
  /** It differs from the upstream's bytes, which cannot be relayed as they are. */
  translated: boolean;
  /** The upstream reported its usage: read it from `answer`; false: count it ourselves. */
  reportsUsage: boolean;
}

export interface Provider {
  /** Endpoints it can serve; others fail over to channels that can. */
  supports(endpoint: string): boolean;
  request(call: ProviderCall): UpstreamRequest;
  /** A cheap GET that shows whether the upstream answers at all (body unused). */
  probe(channel: CatalogChannel): Omit<UpstreamRequest, "body">;
  /** An upstream error in OpenAI's shape; undefined: relay the upstream's own bytes. */
  error(status: number, body: unknown): OpenAIError | undefined;
  /** Relays a successful stream to the client as OpenAI chunks, ending with [DONE]. */
  relayStream(
    upstream: Readable,
    res: EventSink,
    options: StreamRelayOptions,
  ): Promise<StreamOutcome>;
  /** A parsed successful answer in OpenAI's shape. */
  wholeAnswer(raw: unknown, requestedModel: string): WholeAnswer;
}

// Parsing a URL costs a microsecond or two, on every call of every channel: each is parsed once.
const splitUrls = new Map<string, { readonly origin: string; readonly prefix: string }>();

/** Splits a base URL into origin and path prefix without a trailing slash. */
export function splitBaseUrl(baseUrl: string): {
  readonly origin: string;
  readonly prefix: string;
} {
  let split = splitUrls.get(baseUrl);
  if (!split) {
    const url = new URL(baseUrl);
    split = { origin: url.origin, prefix: url.pathname.replace(/\/+$/, "") };
    // Channels' URLs, a handful: the bound only keeps a catalog churning through many in check.
    if (splitUrls.size >= 1_000) splitUrls.clear();
    splitUrls.set(baseUrl, split);
  }
  return split;
}
