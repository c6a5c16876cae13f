// The defaults of fine-tuning prices and file storage, shared by the proxy (which charges by them)
// and the console (which shows them beside what the operator set).

const USD = 1_000_000n;

/** OpenAI's training prices, micro-dollars per 1M trained tokens. */
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

/** For a base model OpenAI does not list: the highest of its training prices. */
export const DEFAULT_TRAINING_PER_MTOK = 25n * USD;

/** A fine-tuned model's usage costs this many times its base model's rates, by default. */
export const FINE_TUNED_USAGE_FACTOR = 2n;

/** Live files a tenant may keep when the operator set no quota of its own: 1 GiB. */
export const DEFAULT_STORAGE_QUOTA_BYTES = 1n << 30n;

export function defaultTrainingPerMTok(modelId: string): bigint {
  return TRAINING_DEFAULTS[modelId] ?? DEFAULT_TRAINING_PER_MTOK;
}
