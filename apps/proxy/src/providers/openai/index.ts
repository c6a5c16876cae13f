// OpenAI and every OpenAI-compatible server (DeepSeek, Moonshot, vLLM, Ollama...): the base URL
// is the one an OpenAI client would use (".../v1"), the key a bearer token. Answers are OpenAI's
// already: errors and whole answers pass through byte for byte, streams event by event.
import { relayOpenAIStream } from "../../streaming/sse-relay.ts";
import { type Provider, splitBaseUrl } from "../types.ts";

/** The answer side every OpenAI-format upstream shares (OpenAI, compatible servers, Azure). */
export const openaiAnswers: Pick<Provider, "error" | "relayStream" | "wholeAnswer"> = {
  error: () => undefined,
  relayStream: (upstream, res, options) =>
    relayOpenAIStream(upstream, res, { hideUsageChunk: !options.includeUsage }),
  wholeAnswer: (raw) => ({ answer: raw, translated: false, reportsUsage: true }),
};

export const openaiProvider: Provider = {
  ...openaiAnswers,
  supports: () => true,
  request({ endpoint, body, route }) {
    const { origin, prefix } = splitBaseUrl(route.channel.baseUrl);
    return {
      origin,
      path: `${prefix}${endpoint}`,
      headers: {
        authorization: `Bearer ${route.channel.apiKey}`,
        "content-type": "application/json",
      },
      body: JSON.stringify(body),
    };
  },
  probe(channel) {
    const { origin, prefix } = splitBaseUrl(channel.baseUrl);
    return {
      origin,
      path: `${prefix}/models`,
      headers: { authorization: `Bearer ${channel.apiKey}` },
    };
  },
};
