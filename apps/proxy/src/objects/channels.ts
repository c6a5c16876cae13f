// Which channel an upstream object lives on. Objects are made on OpenAI-format channels (OpenAI
// itself or a compatible server with the Files and fine-tuning APIs); every later call about an
// object goes to the channel that holds it, never to another.
import type { CatalogChannel } from "../catalog/catalog.ts";
import type { Gateway } from "../gateway.ts";
import { OpenAIError } from "../http/openai-error.ts";

const OBJECT_PROVIDERS = new Set(["OPENAI", "OPENAI_COMPATIBLE"]);

async function enabledChannels(gateway: Gateway): Promise<Map<string, CatalogChannel>> {
  const channels = new Map<string, CatalogChannel>();
  for (const model of (await gateway.catalog.models()).values()) {
    for (const route of model.routes) channels.set(route.channel.id, route.channel);
  }
  return channels;
}

/** The channel holding an object; a 503 when it is disabled or gone (the object is not lost). */
export async function channelOf(gateway: Gateway, channelId: string): Promise<CatalogChannel> {
  const channel = (await enabledChannels(gateway)).get(channelId);
  if (!channel) {
    throw new OpenAIError(
      503,
      "The upstream holding this object is not available right now. Please retry later.",
      "server_error",
      "upstream_unavailable",
    );
  }
  return channel;
}

/** Channels that can take a new file, in the order to try them: priority, healthy first. */
export async function fileChannels(gateway: Gateway): Promise<CatalogChannel[]> {
  const all = [...(await enabledChannels(gateway)).values()].filter((c) =>
    OBJECT_PROVIDERS.has(c.provider),
  );
  const cooling = (c: CatalogChannel) => (gateway.health.isCooling(c.id) ? 1 : 0);
  return all.sort((a, b) => cooling(a) - cooling(b) || b.priority - a.priority);
}
