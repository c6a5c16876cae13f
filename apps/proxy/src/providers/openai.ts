// OpenAI and every OpenAI-compatible server (DeepSeek, Moonshot, vLLM, Ollama...): the base URL
// is the one an OpenAI client would use (".../v1"), the key a bearer token.
import { type Provider, splitBaseUrl } from "./types.ts";

export const openaiProvider: Provider = {
  wireFormat: "openai",
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
