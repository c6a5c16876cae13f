// What fine-tuning a base model costs (per 1M trained tokens) and what its fine-tuned models cost
// to use. The operator sets both per base model (fine_tune_prices); without a row, training is
// OpenAI's published price for the model (or the highest of them for a model not listed) and
// usage is twice the base model's rates, as OpenAI prices its fine-tuned models.
import type { Rates } from "@relay/billing";
import type { Db } from "@relay/db";
import {
  defaultTrainingPerMTok,
  FINE_TUNED_USAGE_FACTOR,
} from "@relay/services/fine-tune-defaults";
import type { CatalogModel } from "../catalog/catalog.ts";

export interface FineTuneRates {
  trainingPerMTok: bigint;
  /** Using a fine-tuned model: the tenant's price and the upstream's cost. */
  sale: Rates;
  cost: Rates;
}

function scaled(rates: Rates): Rates {
  return {
    ...rates,
    inputPerMTok: rates.inputPerMTok * FINE_TUNED_USAGE_FACTOR,
    outputPerMTok: rates.outputPerMTok * FINE_TUNED_USAGE_FACTOR,
    cachedInputPerMTok: rates.cachedInputPerMTok * FINE_TUNED_USAGE_FACTOR,
  };
}

export async function fineTuneRates(db: Db, base: CatalogModel): Promise<FineTuneRates> {
  const row = await db.fineTunePrice.findUnique({ where: { modelId: base.id } });
  return {
    trainingPerMTok: row?.trainingPerMTok ?? defaultTrainingPerMTok(base.id),
    sale: row
      ? {
          ...base.sale,
          inputPerMTok: row.inputPerMTok,
          outputPerMTok: row.outputPerMTok,
          cachedInputPerMTok: row.cachedInputPerMTok,
        }
      : scaled(base.sale),
    cost: scaled(base.cost),
  };
}
