// Brings cooled-down channels back: every interval, each cooling channel gets one cheap request
// (its model list); an answer marks it healthy at once instead of waiting out the cooldown.
import type { Catalog, CatalogChannel } from "../catalog/catalog.ts";
import { defaultLogger, type Logger } from "../observability/logger.ts";
import { providerFor } from "../providers/index.ts";
import type { ChannelHealth } from "./health.ts";
import type { UpstreamPools } from "./pools.ts";

export function startProber(
  catalog: Catalog,
  health: ChannelHealth,
  pools: UpstreamPools,
  intervalMs: number,
  log: Logger = defaultLogger(),
): () => void {
  let running = false;
  const timer = setInterval(async () => {
    const cooling = new Set(health.cooling());
    if (running || cooling.size === 0) return;
    running = true;
    try {
      const channels = new Map<string, CatalogChannel>();
      for (const model of (await catalog.models()).values()) {
        for (const route of model.routes) {
          if (cooling.has(route.channel.id)) channels.set(route.channel.id, route.channel);
        }
      }
      await Promise.all(
        [...channels.values()].map((channel) => probe(channel, health, pools, log)),
      );
    } catch (error) {
      // A failed probe round changes nothing; the next one tries again.
      log.warn({ err: error }, "channel probe round failed");
    } finally {
      running = false;
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

async function probe(
  channel: CatalogChannel,
  health: ChannelHealth,
  pools: UpstreamPools,
  log: Logger,
): Promise<void> {
  const provider = providerFor(channel.provider);
  if (!provider) return;
  const request = provider.probe(channel);
  try {
    const response = await pools.get(request.origin).request({
      method: "GET",
      path: request.path,
      headers: request.headers,
      headersTimeout: 5_000,
      bodyTimeout: 5_000,
    });
    await response.body.dump();
    if (response.statusCode < 500 && response.statusCode !== 429) {
      health.recovered(channel.id);
      log.info(
        { channelId: channel.id, channel: channel.name },
        "channel answered its probe: serving again",
      );
    } else {
      log.debug(
        { channelId: channel.id, status: response.statusCode },
        "channel probe: still down",
      );
    }
  } catch (error) {
    log.debug({ err: error, channelId: channel.id }, "channel probe: still down");
  }
}
