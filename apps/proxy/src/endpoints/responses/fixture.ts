// The platform the Responses API tests run against: one model per kind of channel, all on the
// simulated upstream. "resp-native" is on an OpenAI channel and "resp-azure" on an Azure one (the
// Responses API passes through), "resp-chat" on an OpenAI-compatible one and "resp-claude" on an
// Anthropic one (both translated to chat completions). Each costs $1 per 1M input tokens and $2 per 1M output tokens, so a
// call's price in micro-dollars is exactly input + 2 x output tokens.
import { parseUsd } from "@relay/billing";
import type { ProviderType } from "@relay/db";
import { addChannel, setPrice } from "@relay/services";
import { encryptionKey, type Harness, startHarness } from "../../testing/harness.ts";

const actor = { label: "test" };

export const MODELS = {
  native: "resp-native",
  azure: "resp-azure",
  chat: "resp-chat",
  claude: "resp-claude",
} as const;

const CHANNELS: readonly [string, ProviderType, string][] = [
  [MODELS.native, "OPENAI", "gpt-4o-mini"],
  [MODELS.azure, "AZURE", "my-deployment"],
  [MODELS.chat, "OPENAI_COMPATIBLE", "gpt-4o-mini"],
  [MODELS.claude, "ANTHROPIC", "claude-sonnet-4-5"],
];

export async function startResponsesHarness(): Promise<
  Harness & { channelOf: Record<string, string> }
> {
  const h = await startHarness();
  const channelOf: Record<string, string> = {};
  for (const [model, provider, upstreamModel] of CHANNELS) {
    await setPrice({
      ctx: { db: h.db, actor },
      input: { model, scope: "SALE", input: parseUsd("1"), output: parseUsd("2") },
    });
    const channel = await addChannel({
      ctx: { db: h.db, actor },
      input: {
        provider,
        name: `${model} (${provider})`,
        // Azure's base URL is the resource's endpoint, without /v1.
        baseUrl: provider === "AZURE" ? h.sim.url.replace(/\/v1$/, "") : h.sim.url,
        apiKey: "upstream-secret",
        models: [{ model, upstreamModel }],
        priority: 0,
        weight: 1,
        config: {},
      },
      encryptionKey,
    });
    channelOf[model] = channel.id;
  }
  await h.proxy.gateway.catalog.refresh();
  return Object.assign(h, { channelOf });
}

/** The price of a response's usage: $1 / $2 per 1M tokens, in micro-dollars. */
export function priceOf(
  usage: { input_tokens: number; output_tokens: number } | undefined | null,
): bigint {
  if (!usage) throw new Error("the response reported no usage");
  return BigInt(usage.input_tokens) + 2n * BigInt(usage.output_tokens);
}
