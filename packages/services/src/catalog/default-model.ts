import { inTransaction } from "@relay/db";
import { z } from "zod";
import { writeAudit } from "../audit.ts";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { catalogChanged } from "./changed.ts";

/** The endpoints a call may leave `model` out of, as the seed service and OpenAI allow. */
export const DEFAULT_MODEL_ENDPOINTS = [
  "chat",
  "completions",
  "embeddings",
  "images",
  "audio",
] as const;
export type DefaultModelEndpoint = (typeof DEFAULT_MODEL_ENDPOINTS)[number];

export const setDefaultModelInput = z.object({
  endpoint: z.enum(DEFAULT_MODEL_ENDPOINTS),
  /** null: no default, a call without `model` is refused. */
  model: z.string().trim().min(1).max(200).nullable(),
});

export type DefaultModels = Partial<Record<DefaultModelEndpoint, string>>;

/** The default model of each endpoint that has one. */
export async function listDefaultModels({
  ctx,
}: {
  ctx: Pick<ServiceContext, "db">;
}): Promise<DefaultModels> {
  const rows = await ctx.db.defaultModel.findMany({ orderBy: { endpoint: "asc" } });
  const defaults: DefaultModels = {};
  for (const row of rows) {
    const endpoint = DEFAULT_MODEL_ENDPOINTS.find((e) => e === row.endpoint);
    if (endpoint) defaults[endpoint] = row.modelId;
  }
  return defaults;
}

/**
 * Sets (or clears) the model an endpoint's calls get when they name none. The model must exist;
 * proxies apply it to every call admitted after this returns. Audited.
 */
export async function setDefaultModel({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.output<typeof setDefaultModelInput>;
}): Promise<DefaultModels> {
  return inTransaction(ctx.db, async (tx) => {
    const before = await tx.defaultModel.findUnique({ where: { endpoint: input.endpoint } });
    if ((before?.modelId ?? null) === input.model) return listDefaultModels({ ctx: { db: tx } });
    if (input.model === null) {
      await tx.defaultModel.delete({ where: { endpoint: input.endpoint } });
    } else {
      if (!(await tx.model.findUnique({ where: { id: input.model } }))) {
        throw new ServiceError("NOT_FOUND", `No model ${input.model}`);
      }
      await tx.defaultModel.upsert({
        where: { endpoint: input.endpoint },
        create: { endpoint: input.endpoint, modelId: input.model },
        update: { modelId: input.model },
      });
    }
    await catalogChanged(tx);
    await writeAudit(tx, ctx.actor, {
      action: "model.default",
      targetType: "endpoint",
      targetId: input.endpoint,
      data: { before: before?.modelId ?? null, after: input.model },
    });
    return listDefaultModels({ ctx: { db: tx } });
  });
}
