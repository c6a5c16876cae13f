// What a call costs. Rates are micro-dollars per 1M units, so a token costs a fraction of a
// micro-dollar: the whole call's cost is summed exactly (in micro-dollar-millionths) and rounded
// up once, after the tenant's multiplier, never per component.
import { ceilDiv, type Micros } from "./money.ts";

export interface Rates {
  inputPerMTok: Micros;
  outputPerMTok: Micros;
  cachedInputPerMTok: Micros;
  perRequest: Micros;
  perAudioSecond: Micros;
  /** Per 1M input characters (text-to-speech); absent: 0. */
  perMChar?: Micros;
}

export interface MeteredUsage {
  /** All prompt tokens, cached ones included (as OpenAI reports them). */
  promptTokens: number;
  completionTokens: number;
  /** The part of promptTokens served from the prompt cache. */
  cachedTokens?: number;
  audioSeconds?: number;
  /** Input characters (text-to-speech). */
  characters?: number;
  /** Already-priced per-image charges (see imagePrice), summed. */
  imageCharge?: Micros;
}

const MILLION = 1_000_000n;
const PPM_ONE = 1_000_000;

/** The price of one call's usage at these rates, times multiplierPpm (1_000_000 = 1.0x). */
export function priceUsage(rates: Rates, usage: MeteredUsage, multiplierPpm = PPM_ONE): Micros {
  const cached = BigInt(Math.min(usage.cachedTokens ?? 0, usage.promptTokens));
  const uncached = BigInt(usage.promptTokens) - cached;
  // In micro-dollars x 1e6 (per-1M rates times token counts).
  const tokenPart =
    uncached * rates.inputPerMTok +
    cached * rates.cachedInputPerMTok +
    BigInt(usage.completionTokens) * rates.outputPerMTok +
    BigInt(usage.characters ?? 0) * (rates.perMChar ?? 0n);
  const flatPart =
    rates.perRequest +
    BigInt(usage.audioSeconds ?? 0) * rates.perAudioSecond +
    (usage.imageCharge ?? 0n);
  const exact = tokenPart + flatPart * MILLION;
  return ceilDiv(exact * BigInt(multiplierPpm), MILLION * MILLION);
}

/**
 * The most a call can cost before it runs: every prompt token at the full input rate (cache
 * hits are not known yet) plus the largest completion it may produce.
 */
export function maxPrice(
  rates: Rates,
  input: {
    promptTokens: number;
    maxCompletionTokens: number;
    audioSeconds?: number;
    characters?: number;
    imageCharge?: Micros;
  },
  multiplierPpm = PPM_ONE,
): Micros {
  return priceUsage(
    rates,
    {
      promptTokens: input.promptTokens,
      completionTokens: input.maxCompletionTokens,
      cachedTokens: 0,
      audioSeconds: input.audioSeconds,
      characters: input.characters,
      imageCharge: input.imageCharge,
    },
    multiplierPpm,
  );
}

export const FREE: Rates = {
  inputPerMTok: 0n,
  outputPerMTok: 0n,
  cachedInputPerMTok: 0n,
  perRequest: 0n,
  perAudioSecond: 0n,
};
