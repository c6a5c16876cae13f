// What fine-tuning a base model costs (per 1M trained tokens) and what its fine-tuned models cost
// to use. The operator sets both per base model (fine_tune_prices); without a row, training is
// OpenAI's published price for the model (or the highest of them for a model not listed) and
// usage is twice the base model's rates, as OpenAI prices its fine-tuned models.
import type { Rates } from "@relay/billing";
import type { Db } from "@relay/db";
import type { CatalogModel } from "../catalog/catalog.ts";

const USD = 1_000_000n;

/** OpenAI's training prices, micro-dollars per 1M tokens. */
const TRAINING_DEFAULTS: Readonly<Record<string, bigint>> = {
  "gpt-4o-mini": 3n * USD,
  "gpt-4o": 25n * USD,
  "gpt-4.1": 25n * USD,
  "gpt-4.1-mini": 5n * USD,
  "gpt-4.1-nano": 1_500_000n,
  "gpt-3.5-turbo": 8n * USD,
  "davinci-002": 6n * USD,
  "babbage-002": 400_000n,
};
export const DEFAULT_TRAINING_PER_MTOK = 25n * USD;

export interface FineTuneRates {
  trainingPerMTok: bigint;
  /** Using a fine-tuned model: the tenant's price and the upstream's cost. */
  sale: Rates;
  cost: Rates;
}

function doubled(rates: Rates): Rates {
  return {
    inputPerMTok: rates.inputPerMTok * 2n,
    outputPerMTok: rates.outputPerMTok * 2n,
    cachedInputPerMTok: rates.cachedInputPerMTok * 2n,
    perRequest: rates.perRequest * 2n,
    perAudioSecond: rates.perAudioSecond * 2n,
  };
}

export async function fineTuneRates(db: Db, base: CatalogModel): Promise<FineTuneRates> {
  const row = await db.fineTunePrice.findUnique({ where: { modelId: base.id } });
  return {
    trainingPerMTok:
      row?.trainingPerMTok ?? TRAINING_DEFAULTS[base.id] ?? DEFAULT_TRAINING_PER_MTOK,
    sale: row
      ? {
          inputPerMTok: row.inputPerMTok,
          outputPerMTok: row.outputPerMTok,
          cachedInputPerMTok: row.cachedInputPerMTok,
          perRequest: 0n,
          perAudioSecond: 0n,
        }
      : doubled(base.sale),
    cost: doubled(base.cost),
  };
}

/** The default training price of a base model (the console shows it beside the operator's). */
export function defaultTrainingPerMTok(modelId: string): bigint {
  return TRAINING_DEFAULTS[modelId] ?? DEFAULT_TRAINING_PER_MTOK;
}
