// How a request's price comes about: each metered quantity times the model's rate, then the
// workspace's price group multiplier; the same arithmetic as the proxy's (priceUsage), shown.
import type { Messages } from "@/i18n/messages/index.ts";
import { usdScaled } from "@/lib/rate.ts";

const PPM_ONE = 1_000_000;

export interface UsagePricing {
  priceGroup: string | null;
  multiplierPpm: number;
  rates: {
    inputPerMTok: bigint;
    cachedInputPerMTok: bigint;
    outputPerMTok: bigint;
    perRequest: bigint;
    perAudioSecond: bigint;
    perMChar: bigint;
  } | null;
}

export function UsagePricingLines({
  pricing,
  usage,
  failed,
  t,
  lang,
}: {
  pricing: UsagePricing;
  usage: {
    promptTokens: number;
    cachedTokens: number;
    completionTokens: number;
    audioSeconds: number;
  };
  failed: boolean;
  t: Messages;
  lang: string;
}) {
  const p = t.devPages.pricing;
  if (failed) return <p className="text-sm text-slate-400">{p.failedFree}</p>;
  const { rates } = pricing;
  if (!rates) return <p className="text-sm text-slate-400">{p.noRates}</p>;
  const number = new Intl.NumberFormat(lang);
  const base = (micros: bigint) => usdScaled(micros, PPM_ONE);
  const cached = Math.min(usage.cachedTokens, usage.promptTokens);
  const lines: string[] = [];
  if (rates.perRequest > 0n) lines.push(p.perRequest(base(rates.perRequest)));
  if (usage.promptTokens - cached > 0) {
    lines.push(p.input(number.format(usage.promptTokens - cached), base(rates.inputPerMTok)));
  }
  if (cached > 0) lines.push(p.cached(number.format(cached), base(rates.cachedInputPerMTok)));
  if (usage.completionTokens > 0) {
    lines.push(p.output(number.format(usage.completionTokens), base(rates.outputPerMTok)));
  }
  if (usage.audioSeconds > 0) {
    lines.push(p.audio(number.format(usage.audioSeconds), base(rates.perAudioSecond)));
  }
  return (
    <div className="space-y-2 text-sm" data-testid="detail-pricing">
      <ul className="space-y-1 font-mono text-xs text-slate-300">
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
        <li>
          {p.multiplier(
            (pricing.multiplierPpm / PPM_ONE).toString(),
            pricing.priceGroup ?? p.standard,
          )}
        </li>
      </ul>
      <p className="text-[11px] text-slate-500">{p.note}</p>
    </div>
  );
}
