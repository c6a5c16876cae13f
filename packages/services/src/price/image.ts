import { type ImagePrice, inTransaction } from "@relay/db";
import { z } from "zod";
import { auditMoney, writeAudit } from "../audit.ts";
import { catalogChanged } from "../catalog/changed.ts";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { usdAmount } from "../money-input.ts";

export const setImagePriceInput = z.object({
  model: z.string().trim().min(1).max(200),
  scope: z.enum(["SALE", "COST"]).default("SALE"),
  size: z
    .string()
    .trim()
    .regex(/^\d{2,5}x\d{2,5}$/, 'a size is "WIDTHxHEIGHT", like 1024x1024'),
  quality: z.string().trim().min(1).max(40).default("standard"),
  /** USD per image. */
  perImage: usdAmount,
});

/** Sets one size/quality's per-image price of an existing model; the audit row keeps the old one. */
export async function setImagePrice({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.output<typeof setImagePriceInput>;
}): Promise<ImagePrice> {
  if (input.perImage < 0n) throw new ServiceError("INVALID_INPUT", "A price cannot be negative");
  return inTransaction(ctx.db, async (tx) => {
    const model = await tx.model.findUnique({ where: { id: input.model } });
    if (!model) throw new ServiceError("NOT_FOUND", `No model ${input.model}`);
    const key = {
      modelId_scope_size_quality: {
        modelId: input.model,
        scope: input.scope,
        size: input.size,
        quality: input.quality,
      },
    };
    const before = await tx.imagePrice.findUnique({ where: key });
    const price = await tx.imagePrice.upsert({
      where: key,
      create: { ...key.modelId_scope_size_quality, perImage: input.perImage },
      update: { perImage: input.perImage },
    });
    await catalogChanged(tx);
    await writeAudit(tx, ctx.actor, {
      action: "price.image.set",
      targetType: "model",
      targetId: input.model,
      data: {
        scope: input.scope,
        size: input.size,
        quality: input.quality,
        before: before ? auditMoney(before.perImage) : null,
        after: auditMoney(input.perImage),
      },
    });
    return price;
  });
}
