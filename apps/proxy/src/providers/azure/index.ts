// Azure OpenAI: the model is a deployment in the URL, the version a query parameter, the key an
// `api-key` header. The base URL is the resource endpoint (https://NAME.openai.azure.com). Answers
// are OpenAI's format.
import { openaiAnswers } from "../openai/index.ts";
import { type Provider, splitBaseUrl } from "../types.ts";

const DEFAULT_API_VERSION = "2024-10-21";

export const azureProvider: Provider = {
  ...openaiAnswers,
  supports: (endpoint) => endpoint !== "/models",
  request({ endpoint, body, route }) {
    const { origin, prefix } = splitBaseUrl(route.channel.baseUrl);
    // The Responses API is not per deployment: Azure serves it on its v1 API, which needs no
    // api-version, the deployment named as the model.
    if (endpoint.startsWith("/responses")) {
      return {
        origin,
        path: `${prefix}/openai/v1${endpoint}`,
        headers: { "api-key": route.channel.apiKey, "content-type": "application/json" },
        body: JSON.stringify(body),
      };
    }
    const version = route.channel.config.apiVersion ?? DEFAULT_API_VERSION;
    const deployment = encodeURIComponent(route.upstreamModel);
    return {
      origin,
      path: `${prefix}/openai/deployments/${deployment}${endpoint}?api-version=${encodeURIComponent(version)}`,
      headers: { "api-key": route.channel.apiKey, "content-type": "application/json" },
      body: JSON.stringify(body),
    };
  },
  probe(channel) {
    const { origin, prefix } = splitBaseUrl(channel.baseUrl);
    const version = channel.config.apiVersion ?? DEFAULT_API_VERSION;
    return {
      origin,
      path: `${prefix}/openai/models?api-version=${encodeURIComponent(version)}`,
      headers: { "api-key": channel.apiKey },
    };
  },
};
