import type { ProviderType } from "@relay/db";
import { anthropicProvider } from "./anthropic/provider.ts";
import { azureProvider } from "./azure/index.ts";
import { openaiProvider } from "./openai/index.ts";
import type { Provider } from "./types.ts";

const providers: Partial<Record<ProviderType, Provider>> = {
  OPENAI: openaiProvider,
  OPENAI_COMPATIBLE: openaiProvider,
  AZURE: azureProvider,
  ANTHROPIC: anthropicProvider,
};

export function providerFor(type: ProviderType): Provider | undefined {
  return providers[type];
}

export type { Provider, ProviderCall, UpstreamRequest } from "./types.ts";
