// What the Messages tests share: an Anthropic channel on the simulator, its price, and the
// official Anthropic client pointed at the proxy.
import Anthropic from "@anthropic-ai/sdk";
import { parseUsd } from "@relay/billing";
import { addChannel, setPrice } from "@relay/services";
import { encryptionKey, type Harness } from "../../testing/harness.ts";

const actor = { label: "test" };

/** Served by an Anthropic channel at $3 / $15 / $0.30 (cache reads) per 1M tokens. */
export const CLAUDE = "claude-relay";

export async function addClaude(h: Harness): Promise<void> {
  await setPrice({
    ctx: { db: h.db, actor },
    input: {
      model: CLAUDE,
      scope: "SALE",
      input: parseUsd("3"),
      output: parseUsd("15"),
      cachedInput: parseUsd("0.3"),
    },
  });
  await addChannel({
    ctx: { db: h.db, actor },
    input: {
      provider: "ANTHROPIC",
      name: "Anthropic sim",
      baseUrl: h.sim.url,
      apiKey: "sk-ant-upstream",
      models: [{ model: CLAUDE, upstreamModel: "claude-sonnet-4-5" }],
      priority: 0,
      weight: 1,
      config: {},
    },
    encryptionKey,
  });
  await h.proxy.gateway.catalog.refresh();
}

export interface MessageUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

/** CLAUDE's price for a usage, computed apart from the billing code: cache writes at the input price. */
export function claudePrice(usage: MessageUsage): bigint {
  const fresh = BigInt(usage.input_tokens + (usage.cache_creation_input_tokens ?? 0));
  const exact =
    fresh * 3_000_000n +
    BigInt(usage.cache_read_input_tokens ?? 0) * 300_000n +
    BigInt(usage.output_tokens) * 15_000_000n;
  return (exact + 999_999n) / 1_000_000n;
}

/** The Anthropic SDK as Claude Code uses it: the Relay key in x-api-key, the proxy's root URL. */
export function anthropic(h: Harness, key: string, options: { bearer?: boolean } = {}): Anthropic {
  const baseURL = h.baseURL.replace(/\/v1$/, "");
  return options.bearer
    ? new Anthropic({ apiKey: null, authToken: key, baseURL, maxRetries: 0 })
    : new Anthropic({ apiKey: key, baseURL, maxRetries: 0 });
}

export const weatherTool = {
  name: "get_weather",
  description: "Current weather for a place",
  input_schema: {
    type: "object" as const,
    properties: { location: { type: "string" } },
    required: ["location"],
  },
};
