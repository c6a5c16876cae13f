import { inTransaction, type ModelPrice } from "@relay/db";
import { z } from "zod";
import { auditMoney, writeAudit } from "../audit.ts";
import { catalogChanged } from "../catalog/changed.ts";
import type { ServiceContext } from "../context.ts";
import { usdAmount } from "../money-input.ts";
import { inferModelKind } from "./model-kind.ts";

export const setPriceInput = z.object({
  model: z.string().trim().min(1).max(200),
  scope: z.enum(["SALE", "COST"]).default("SALE"),
  /** USD per one million tokens. */
  input: usdAmount,
  output: usdAmount,
  cachedInput: usdAmount.optional(),
  perRequest: usdAmount.optional(),
  perAudioSecond: usdAmount.optional(),
  /** USD per one million input characters (text-to-speech). */
  perMChar: usdAmount.optional(),
});

/** Sets a model's price list (creating the model if new); the audit row keeps the old prices. */
export async function setPrice({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.output<typeof setPriceInput>;
}): Promise<ModelPrice> {
  const prices = {
    inputPerMTok: input.input,
    outputPerMTok: input.output,
    cachedInputPerMTok: input.cachedInput ?? 0n,
    perRequest: input.perRequest ?? 0n,
    perAudioSecond: input.perAudioSecond ?? 0n,
    perMChar: input.perMChar ?? 0n,
  };
  for (const [name, value] of Object.entries(prices)) {
    if (value < 0n) throw new RangeError(`${name} cannot be negative`);
  }
  return inTransaction(ctx.db, async (tx) => {
    await tx.model.upsert({
      where: { id: input.model },
      create: { id: input.model, kind: inferModelKind(input.model) },
      update: {},
    });
    const key = { modelId_scope: { modelId: input.model, scope: input.scope } };
    const before = await tx.modelPrice.findUnique({ where: key });
    const price = await tx.modelPrice.upsert({
      where: key,
      create: { modelId: input.model, scope: input.scope, ...prices },
      update: prices,
    });
    const asText = (p: typeof prices) =>
      Object.fromEntries(Object.entries(p).map(([k, v]) => [k, auditMoney(v)]));
    await catalogChanged(tx);
    await writeAudit(tx, ctx.actor, {
      action: "price.set",
      targetType: "model",
      targetId: input.model,
      data: { scope: input.scope, before: before ? asText(before) : null, after: asText(prices) },
    });
    return price;
  });
}
