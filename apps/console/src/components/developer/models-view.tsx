"use client";
// The models this workspace can call and what it pays for each, its price group applied: the
// same rates the proxy charges with, so a developer can work out a call's price before making it.
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ppmAsPercent } from "@/components/shared/format.ts";
import { useMoney } from "@/components/shared/money.tsx";
import { LoadingRows, QueryError } from "@/components/shared/query-states.tsx";
import { cardClass, EmptyState, PageHeader } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { cnyScaled, usdScaled } from "@/lib/rate.ts";
import { useTRPC } from "@/trpc/client.tsx";

const cell = "px-4 py-3 align-top";

export function ModelsView({ tenantId }: { tenantId: string }) {
  const { t, lang } = useI18n();
  const m = t.devPages.models;
  const trpc = useTRPC();
  const list = useQuery(trpc.models.list.queryOptions({ tenantId }));
  const { display } = useMoney();
  const number = new Intl.NumberFormat(lang);
  const header = <PageHeader title={m.title} lead={m.lead} />;
  if (list.isPending) {
    return (
      <div className="space-y-6">
        {header}
        <LoadingRows rows={6} />
      </div>
    );
  }
  if (list.isError) {
    return (
      <div className="space-y-6">
        {header}
        <QueryError retry={() => void list.refetch()} />
      </div>
    );
  }
  const { models, multiplierPpm, priceGroup } = list.data;
  // In the display currency; charges are in US dollars, so those stay a hover away.
  const cny = display.code === "CNY" ? display.cnyPerUsdPpm : null;
  const price = (micros: bigint) =>
    cny === null ? usdScaled(micros, multiplierPpm) : cnyScaled(micros, multiplierPpm, cny);
  return (
    <div className="space-y-6">
      {header}
      <p className={`${cardClass} text-sm text-slate-300`} data-testid="models-price-group">
        {priceGroup
          ? m.priceGroup(priceGroup, `${ppmAsPercent(multiplierPpm)}%`)
          : m.standardPrices}
      </p>
      {models.length === 0 ? (
        <EmptyState title={m.emptyTitle} body={m.emptyBody} />
      ) : (
        <div className={`${cardClass} overflow-x-auto p-0 sm:p-0`}>
          <table className="w-full min-w-[880px] text-left text-sm">
            <thead className="border-b border-white/10 text-xs text-slate-500">
              <tr>
                <th className={`${cell} font-medium`}>{m.model}</th>
                <th className={`${cell} text-right font-medium`}>{m.input}</th>
                <th className={`${cell} text-right font-medium`}>{m.cachedInput}</th>
                <th className={`${cell} text-right font-medium`}>{m.output}</th>
                <th className={`${cell} font-medium`}>{m.other}</th>
                <th className={`${cell} text-right font-medium`}>{m.contextWindow}</th>
                <th className={`${cell} text-right font-medium`}>{m.maxOutput}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-white/5">
              {models.map((model) => {
                const tokens = model.inputPerMTok > 0n || model.outputPerMTok > 0n;
                const perToken = (micros: bigint) => (tokens ? price(micros) : "—");
                const other: ReactNode[] = [];
                if (model.perRequest > 0n) other.push(m.perRequest(price(model.perRequest)));
                if (model.perAudioSecond > 0n) {
                  other.push(m.perAudioMinute(price(model.perAudioSecond * 60n)));
                }
                if (model.perMChar > 0n) other.push(m.perMChar(price(model.perMChar)));
                for (const image of model.images) {
                  other.push(m.perImage(image.size, image.quality, price(image.perImage)));
                }
                return (
                  <tr key={model.id} data-testid="model-row" data-model={model.id}>
                    <td className={cell}>
                      <code className="font-mono text-xs text-slate-100">{model.id}</code>
                      <div className="text-[11px] text-slate-500">{m.kinds[model.kind]}</div>
                    </td>
                    <td
                      className={`${cell} text-right font-mono text-xs tabular-nums`}
                      data-testid="model-input"
                    >
                      {perToken(model.inputPerMTok)}
                    </td>
                    <td className={`${cell} text-right font-mono text-xs tabular-nums`}>
                      {perToken(model.cachedInputPerMTok)}
                    </td>
                    <td
                      className={`${cell} text-right font-mono text-xs tabular-nums`}
                      data-testid="model-output"
                    >
                      {perToken(model.outputPerMTok)}
                    </td>
                    <td className={`${cell} text-xs text-slate-300`}>
                      {other.length === 0 ? (
                        <span className="text-slate-500">—</span>
                      ) : (
                        <ul className="space-y-0.5">
                          {other.map((line, index) => (
                            <li key={index}>{line}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td className={`${cell} text-right tabular-nums text-slate-400`}>
                      {model.contextWindow > 0 ? number.format(model.contextWindow) : "—"}
                    </td>
                    <td className={`${cell} text-right tabular-nums text-slate-400`}>
                      {model.maxOutputTokens > 0 ? number.format(model.maxOutputTokens) : "—"}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p className="text-xs text-slate-500">{m.footnote}</p>
    </div>
  );
}
