import { type Channel, inTransaction, type ProviderType } from "@relay/db";
import { z } from "zod";
import { writeAudit } from "../audit.ts";
import { catalogChanged } from "../catalog/changed.ts";
import type { ServiceContext } from "../context.ts";
import { inferModelKind } from "../price/model-kind.ts";
import { credentialHint, encryptSecret } from "./credential.ts";

const PROVIDERS: Record<string, ProviderType> = {
  openai: "OPENAI",
  "openai-compatible": "OPENAI_COMPATIBLE",
  azure: "AZURE",
  anthropic: "ANTHROPIC",
};

/** "gpt-4o" serves gpt-4o; "gpt-4o=my-deployment" serves gpt-4o under the upstream's own name. */
const modelSpec = z
  .string()
  .trim()
  .regex(/^[^=\s]+(=[^=\s]+)?$/, 'a model is "name" or "name=upstream-name"')
  .transform((spec) => {
    const [model = spec, upstream] = spec.split("=");
    return { model, upstreamModel: upstream ?? null };
  });

export const addChannelInput = z.object({
  provider: z
    .string()
    .transform((p) => p.toLowerCase())
    .pipe(z.enum(Object.keys(PROVIDERS) as [string, ...string[]]))
    .transform((p) => PROVIDERS[p] ?? "OPENAI_COMPATIBLE"),
  name: z.string().trim().min(1).max(80).optional(),
  baseUrl: z
    .string()
    .url()
    .transform((u) => u.replace(/\/+$/, "")),
  apiKey: z.string().min(1, "the upstream API key is required"),
  models: z.array(modelSpec).min(1, "at least one model"),
  priority: z.number().int().default(0),
  weight: z.number().int().min(1).default(1),
  config: z.record(z.string(), z.string()).default({}),
});

export async function addChannel({
  ctx,
  input,
  encryptionKey,
}: {
  ctx: ServiceContext;
  input: z.output<typeof addChannelInput>;
  /** The app's RELAY_ENCRYPTION_KEY: the credential is stored encrypted under it. */
  encryptionKey: Buffer;
}): Promise<Channel> {
  return inTransaction(ctx.db, async (tx) => {
    for (const { model } of input.models) {
      await tx.model.upsert({
        where: { id: model },
        create: { id: model, kind: inferModelKind(model) },
        update: {},
      });
    }
    const channel = await tx.channel.create({
      data: {
        name: input.name ?? `${input.provider.toLowerCase()} ${new URL(input.baseUrl).host}`,
        provider: input.provider,
        baseUrl: input.baseUrl,
        credentialCiphertext: encryptSecret(input.apiKey, encryptionKey),
        credentialHint: credentialHint(input.apiKey),
        config: input.config,
        priority: input.priority,
        weight: input.weight,
        models: {
          create: input.models.map(({ model, upstreamModel }) => ({
            modelId: model,
            upstreamModel,
          })),
        },
      },
    });
    await catalogChanged(tx);
    await writeAudit(tx, ctx.actor, {
      action: "channel.add",
      targetType: "channel",
      targetId: channel.id,
      data: {
        provider: channel.provider,
        baseUrl: channel.baseUrl,
        models: input.models.map((m) => m.model),
        credential: channel.credentialHint,
      },
    });
    return channel;
  });
}
