// What the channels page passes between its parts: a channel as listed, and providers.
export type Provider = "OPENAI" | "OPENAI_COMPATIBLE" | "AZURE" | "ANTHROPIC";
export const PROVIDER_INPUT: Record<Provider, string> = {
  OPENAI: "openai",
  OPENAI_COMPATIBLE: "openai-compatible",
  AZURE: "azure",
  ANTHROPIC: "anthropic",
};

export interface ChannelRow {
  id: string;
  name: string;
  provider: Provider;
  baseUrl: string;
  credentialHint: string;
  priority: number;
  weight: number;
  status: "ENABLED" | "DISABLED";
  failureCount: number;
  successCount: number;
  cooldownUntil: Date | null;
  lastLatencyMs: number | null;
  models: { modelId: string; upstreamModel: string | null }[];
}
