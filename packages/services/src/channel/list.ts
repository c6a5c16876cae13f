import type { ChannelStatus, ProviderType } from "@relay/db";
import type { ServiceContext } from "../context.ts";

export interface ChannelRow {
  id: string;
  name: string;
  provider: ProviderType;
  baseUrl: string;
  /** The last characters of the credential; the credential itself never leaves the service. */
  credentialHint: string;
  priority: number;
  weight: number;
  status: ChannelStatus;
  failureCount: number;
  successCount: number;
  lastFailureAt: Date | null;
  cooldownUntil: Date | null;
  lastLatencyMs: number | null;
  createdAt: Date;
  updatedAt: Date;
  models: { modelId: string; upstreamModel: string | null }[];
}

/** Every channel, highest priority first, with the models it serves and its health counters. */
export async function listChannels({
  ctx,
}: {
  ctx: Pick<ServiceContext, "db">;
}): Promise<ChannelRow[]> {
  return ctx.db.channel.findMany({
    orderBy: [{ priority: "desc" }, { name: "asc" }],
    select: {
      id: true,
      name: true,
      provider: true,
      baseUrl: true,
      credentialHint: true,
      priority: true,
      weight: true,
      status: true,
      failureCount: true,
      successCount: true,
      lastFailureAt: true,
      cooldownUntil: true,
      lastLatencyMs: true,
      createdAt: true,
      updatedAt: true,
      models: { select: { modelId: true, upstreamModel: true }, orderBy: { modelId: "asc" } },
    },
  });
}
