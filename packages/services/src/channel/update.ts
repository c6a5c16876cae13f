import { type Channel, inTransaction } from "@relay/db";
import { z } from "zod";
import { writeAudit } from "../audit.ts";
import { catalogChanged } from "../catalog/changed.ts";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { inferModelKind } from "../price/model-kind.ts";
import { addChannelInput } from "./add.ts";
import { credentialHint, encryptSecret } from "./credential.ts";

export const updateChannelInput = z.object({
  channelId: z.uuid(),
  name: z.string().trim().min(1).max(80),
  baseUrl: addChannelInput.shape.baseUrl,
  /** Blank or absent keeps the stored credential. */
  apiKey: z
    .string()
    .optional()
    .transform((k) => (k?.trim() ? k.trim() : undefined)),
  models: addChannelInput.shape.models,
  priority: z.number().int(),
  weight: z.number().int().min(1),
});

/** Edits a channel; the models served are replaced by the list given. One audit row, same tx. */
export async function updateChannel({
  ctx,
  input,
  encryptionKey,
}: {
  ctx: ServiceContext;
  input: z.output<typeof updateChannelInput>;
  /** The app's RELAY_ENCRYPTION_KEY, for a replaced credential. */
  encryptionKey: Buffer;
}): Promise<Channel> {
  return inTransaction(ctx.db, async (tx) => {
    const before = await tx.channel.findUnique({
      where: { id: input.channelId },
      include: { models: true },
    });
    if (!before) throw new ServiceError("NOT_FOUND", "No such channel");
    for (const { model } of input.models) {
      await tx.model.upsert({
        where: { id: model },
        create: { id: model, kind: inferModelKind(model) },
        update: {},
      });
    }
    await tx.channelModel.deleteMany({ where: { channelId: input.channelId } });
    const channel = await tx.channel.update({
      where: { id: input.channelId },
      data: {
        name: input.name,
        baseUrl: input.baseUrl,
        priority: input.priority,
        weight: input.weight,
        ...(input.apiKey
          ? {
              credentialCiphertext: encryptSecret(input.apiKey, encryptionKey),
              credentialHint: credentialHint(input.apiKey),
            }
          : {}),
        models: {
          create: input.models.map(({ model, upstreamModel }) => ({
            modelId: model,
            upstreamModel,
          })),
        },
      },
    });
    const mapping = (models: { modelId: string; upstreamModel: string | null }[]) =>
      models.map((m) => (m.upstreamModel ? `${m.modelId}=${m.upstreamModel}` : m.modelId));
    await catalogChanged(tx);
    await writeAudit(tx, ctx.actor, {
      action: "channel.update",
      targetType: "channel",
      targetId: channel.id,
      data: {
        before: {
          name: before.name,
          baseUrl: before.baseUrl,
          priority: before.priority,
          weight: before.weight,
          models: mapping(before.models),
          credential: before.credentialHint,
        },
        after: {
          name: channel.name,
          baseUrl: channel.baseUrl,
          priority: channel.priority,
          weight: channel.weight,
          models: mapping(input.models.map((m) => ({ modelId: m.model, ...m }))),
          credential: channel.credentialHint,
        },
      },
    });
    return channel;
  });
}

export const setChannelStatusInput = z.object({
  channelId: z.uuid(),
  status: z.enum(["ENABLED", "DISABLED"]),
});

export async function setChannelStatus({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.output<typeof setChannelStatusInput>;
}): Promise<Channel> {
  return inTransaction(ctx.db, async (tx) => {
    const before = await tx.channel.findUnique({ where: { id: input.channelId } });
    if (!before) throw new ServiceError("NOT_FOUND", "No such channel");
    const channel = await tx.channel.update({
      where: { id: input.channelId },
      data: { status: input.status },
    });
    await catalogChanged(tx);
    await writeAudit(tx, ctx.actor, {
      action: input.status === "ENABLED" ? "channel.enable" : "channel.disable",
      targetType: "channel",
      targetId: channel.id,
      data: { before: before.status, after: channel.status },
    });
    return channel;
  });
}
