import { inTransaction, type Model } from "@relay/db";
import { z } from "zod";
import { writeAudit } from "../audit.ts";
import { catalogChanged } from "../catalog/changed.ts";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";

export const MODEL_KINDS = [
  "CHAT",
  "COMPLETION",
  "EMBEDDING",
  "IMAGE",
  "AUDIO",
  "MODERATION",
] as const;

export const updateModelInput = z
  .object({
    model: z.string().trim().min(1).max(200),
    /** A disabled model drops out of the proxy's catalog: `/v1/models` and calls to it. */
    enabled: z.boolean().optional(),
    kind: z.enum(MODEL_KINDS).optional(),
  })
  .refine((input) => input.enabled !== undefined || input.kind !== undefined, {
    message: "nothing to change: give enabled or kind",
  });

/**
 * Enables or disables a model and sets its kind, with an audit row of before and after in the
 * same transaction. Values it already has change nothing and write nothing.
 */
export async function updateModel({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.output<typeof updateModelInput>;
}): Promise<Model> {
  return inTransaction(ctx.db, async (tx) => {
    const before = await tx.model.findUnique({ where: { id: input.model } });
    if (!before) throw new ServiceError("NOT_FOUND", "No such model");
    const changes: { enabled?: boolean; kind?: Model["kind"] } = {};
    if (input.enabled !== undefined && input.enabled !== before.enabled) {
      changes.enabled = input.enabled;
    }
    if (input.kind !== undefined && input.kind !== before.kind) changes.kind = input.kind;
    if (Object.keys(changes).length === 0) return before;
    const model = await tx.model.update({ where: { id: before.id }, data: changes });
    await catalogChanged(tx);
    await writeAudit(tx, ctx.actor, {
      action: "model.update",
      targetType: "model",
      targetId: model.id,
      data: {
        before: Object.fromEntries(
          Object.keys(changes).map((k) => [k, before[k as keyof typeof changes]]),
        ),
        after: changes,
      },
    });
    return model;
  });
}
