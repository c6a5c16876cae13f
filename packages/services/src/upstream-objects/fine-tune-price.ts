import type { FineTunePrice } from "@relay/db";
import { inTransaction } from "@relay/db";
import { z } from "zod";
import { auditMoney, writeAudit } from "../audit.ts";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { usdAmount } from "../money-input.ts";
import { defaultTrainingPerMTok, FINE_TUNED_USAGE_FACTOR } from "./defaults.ts";

export const setFineTunePriceInput = z.object({
  /** The base model. */
  model: z.string().trim().min(1).max(200),
  /** USD per one million trained tokens. */
  training: usdAmount,
  /** USD per one million tokens of using a fine-tuned model of it. */
  input: usdAmount,
  output: usdAmount,
  cachedInput: usdAmount.optional(),
});

/** Sets what fine-tuning a base model costs; the audit row keeps the previous prices. */
export async function setFineTunePrice({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.output<typeof setFineTunePriceInput>;
}): Promise<FineTunePrice> {
  const prices = {
    trainingPerMTok: input.training,
    inputPerMTok: input.input,
    outputPerMTok: input.output,
    cachedInputPerMTok: input.cachedInput ?? 0n,
  };
  for (const [name, value] of Object.entries(prices)) {
    if (value < 0n) throw new RangeError(`${name} cannot be negative`);
  }
  return inTransaction(ctx.db, async (tx) => {
    const model = await tx.model.findUnique({ where: { id: input.model } });
    if (!model) throw new ServiceError("NOT_FOUND", `No model ${input.model}`);
    const before = await tx.fineTunePrice.findUnique({ where: { modelId: input.model } });
    const price = await tx.fineTunePrice.upsert({
      where: { modelId: input.model },
      create: { modelId: input.model, ...prices },
      update: prices,
    });
    const asText = (p: typeof prices) =>
      Object.fromEntries(Object.entries(p).map(([k, v]) => [k, auditMoney(v)]));
    await writeAudit(tx, ctx.actor, {
      action: "fine_tune_price.set",
      targetType: "model",
      targetId: input.model,
      data: { before: before ? asText(before) : null, after: asText(prices) },
    });
    return price;
  });
}

export interface FineTunePriceRow {
  model: string;
  /** Micro-dollars per 1M tokens; `custom` false: the defaults apply. */
  trainingPerMTok: bigint;
  inputPerMTok: bigint;
  outputPerMTok: bigint;
  custom: boolean;
}

/** Every chat model with the fine-tuning prices in force: the operator's, else the defaults. */
export async function listFineTunePrices(ctx: Pick<ServiceContext, "db">) {
  const models = await ctx.db.model.findMany({
    where: { kind: "CHAT" },
    include: { prices: { where: { scope: "SALE" } }, fineTunePrice: true },
    orderBy: { id: "asc" },
  });
  return models.map((m): FineTunePriceRow => {
    const sale = m.prices[0];
    const own = m.fineTunePrice;
    return {
      model: m.id,
      trainingPerMTok: own?.trainingPerMTok ?? defaultTrainingPerMTok(m.id),
      inputPerMTok: own?.inputPerMTok ?? (sale?.inputPerMTok ?? 0n) * FINE_TUNED_USAGE_FACTOR,
      outputPerMTok: own?.outputPerMTok ?? (sale?.outputPerMTok ?? 0n) * FINE_TUNED_USAGE_FACTOR,
      custom: own !== null,
    };
  });
}
