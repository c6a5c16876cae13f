import type { CatalogChannel, ChannelRoute } from "../catalog/catalog.ts";

/** An OpenAI-shaped call about to go to one channel. */
export interface ProviderCall {
  /** The OpenAI path below /v1, e.g. "/chat/completions". */
  endpoint: string;
  /** The request body as the client sent it, with the model already mapped for this channel. */
  body: Record<string, unknown>;
  route: ChannelRoute;
}

export interface UpstreamRequest {
  /** "http://host:port" */
  origin: string;
  /** Path and query. */
  path: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * A provider maps OpenAI-shaped calls onto its upstream's wire format. "openai" answers pass
 * through untouched; other formats are translated back by the endpoint (see anthropic/).
 */
export interface Provider {
  wireFormat: "openai" | "anthropic";
  /** Endpoints it can serve; others fail over to channels that can. */
  supports(endpoint: string): boolean;
  request(call: ProviderCall): UpstreamRequest;
  /** A cheap GET that shows whether the upstream answers at all (body unused). */
  probe(channel: CatalogChannel): Omit<UpstreamRequest, "body">;
}

/** Splits a base URL into origin and path prefix without a trailing slash. */
export function splitBaseUrl(baseUrl: string): { origin: string; prefix: string } {
  const url = new URL(baseUrl);
  return { origin: url.origin, prefix: url.pathname.replace(/\/+$/, "") };
}
