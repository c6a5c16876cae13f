import { describe, expect, it } from "vitest";
import { parseUsd } from "./money.ts";
import { FREE, maxPrice, priceUsage, type Rates } from "./pricing.ts";

// gpt-4o-mini's seed sale prices: $0.20 / $0.80 / $0.10 per 1M input / output / cached tokens.
const mini: Rates = {
  ...FREE,
  inputPerMTok: parseUsd("0.20"),
  outputPerMTok: parseUsd("0.80"),
  cachedInputPerMTok: parseUsd("0.10"),
};

describe("priceUsage", () => {
  it.each([
    // [prompt, completion, cached, multiplierPpm, expected micro-dollars, why]
    [0, 0, 0, 1_000_000, 0n, "nothing used costs nothing"],
    [1_000_000, 0, 0, 1_000_000, 200_000n, "1M input tokens = $0.20"],
    [0, 1_000_000, 0, 1_000_000, 800_000n, "1M output tokens = $0.80"],
    [10, 20, 0, 1_000_000, 18n, "10 x $0.20/1M + 20 x $0.80/1M = 18 micro-dollars"],
    [1_000, 500, 0, 1_000_000, 600n, "1000*0.2 + 500*0.8 = 600 exactly"],
    [1_000, 500, 400, 1_000_000, 560n, "400 cached at 0.1: 600*0.2 + 400*0.1 + 500*0.8"],
    [1_000, 500, 0, 1_200_000, 720n, "a 1.2x price group"],
    [1_000, 500, 0, 500_000, 300n, "a 0.5x price group"],
    [3, 0, 0, 1_000_000, 1n, "0.6 millionths rounds up to 1, never down to 0"],
    [1_000, 500, 5_000, 1_000_000, 500n, "cached is capped at the prompt: 1000*0.1 + 500*0.8"],
  ])("prompt %i, completion %i, cached %i at %i ppm -> %s (%s)", (p, c, k, ppm, expected) => {
    expect(priceUsage(mini, { promptTokens: p, completionTokens: c, cachedTokens: k }, ppm)).toBe(
      expected,
    );
  });

  it("adds per-request, per-audio-second and image charges before the multiplier", () => {
    const rates: Rates = { ...FREE, perRequest: 1_000n, perAudioSecond: 100n };
    expect(
      priceUsage(
        rates,
        { promptTokens: 0, completionTokens: 0, audioSeconds: 30, imageCharge: 50_000n },
        1_100_000,
      ),
    ).toBe(59_400n); // (1000 + 3000 + 50000) * 1.1
  });

  it.each([
    [1, 1_000_000, 15n, "tts-1: $15 per 1M characters is 15 micro-dollars a character"],
    [1_000, 1_000_000, 15_000n, "1000 characters at $15/1M = $0.015"],
    [1_000, 1_500_000, 22_500n, "times a 1.5x multiplier"],
    [333, 1_000_000, 4_995n, "333 * 15"],
  ])("%i characters at %i ppm -> %s (%s)", (characters, ppm, expected) => {
    const rates: Rates = { ...FREE, perMChar: 15_000_000n };
    expect(priceUsage(rates, { promptTokens: 0, completionTokens: 0, characters }, ppm)).toBe(
      expected,
    );
  });
});

describe("maxPrice", () => {
  it("charges every prompt token at the full rate plus the whole completion budget", () => {
    expect(maxPrice(mini, { promptTokens: 1_000, maxCompletionTokens: 4_096 })).toBe(3_477n);
    // The hold is never less than the price of any usage within those bounds.
    for (const used of [0, 1, 100, 4_096]) {
      for (const cached of [0, 500, 1_000]) {
        expect(
          priceUsage(mini, { promptTokens: 1_000, completionTokens: used, cachedTokens: cached }),
        ).toBeLessThanOrEqual(maxPrice(mini, { promptTokens: 1_000, maxCompletionTokens: 4_096 }));
      }
    }
  });
});
