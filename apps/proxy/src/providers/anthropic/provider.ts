// Anthropic's Messages API behind the OpenAI chat endpoint: requests, errors, whole answers and
// streams are translated both ways; the key goes in `x-api-key`. Clients of Anthropic's own API
// (/messages) are forwarded as they are. The base URL is the API root
// (https://api.anthropic.com), with or without a trailing /v1.
import { type Provider, splitBaseUrl } from "../types.ts";
import { anthropicHeaders } from "./headers.ts";
import { relayAnthropicStream } from "./relay.ts";
import { toAnthropicRequest } from "./request.ts";
import { fromAnthropicError, fromAnthropicResponse } from "./response.ts";
import { reportsInput } from "./usage.ts";

function root(baseUrl: string): { origin: string; prefix: string } {
  const { origin, prefix } = splitBaseUrl(baseUrl);
  return { origin, prefix: prefix.replace(/\/v1$/, "") };
}

export const anthropicProvider: Provider = {
  supports: (endpoint) => endpoint === "/chat/completions" || endpoint === "/messages",
  request({ endpoint, body, route, headers }) {
    const { origin, prefix } = root(route.channel.baseUrl);
    // Anthropic's own Messages API: the client's body as it is, the model already mapped, and
    // its beta flags (which some body fields need); the key and version are the channel's.
    if (endpoint === "/messages") {
      return {
        origin,
        path: `${prefix}/v1/messages`,
        headers: { ...headers, ...anthropicHeaders(route.channel.apiKey) },
        body: JSON.stringify(body),
      };
    }
    const { stream_options: _ignored, ...openaiBody } = body;
    const translated = toAnthropicRequest(openaiBody, route.upstreamModel);
    return {
      origin,
      path: `${prefix}${translated.path}`,
      headers: anthropicHeaders(route.channel.apiKey),
      body: JSON.stringify(translated.body),
    };
  },
  probe(channel) {
    const { origin, prefix } = root(channel.baseUrl);
    const { "content-type": _json, ...headers } = anthropicHeaders(channel.apiKey);
    return { origin, path: `${prefix}/v1/models`, headers };
  },
  error: (status, body) => fromAnthropicError(status, body),
  relayStream: relayAnthropicStream,
  wholeAnswer: (raw, requestedModel) => ({
    answer: fromAnthropicResponse(raw, requestedModel),
    translated: true,
    reportsUsage: reportsInput((raw as { usage?: unknown } | null)?.usage),
  }),
};
