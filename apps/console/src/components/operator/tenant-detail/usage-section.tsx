"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Money } from "@/components/shared/money.tsx";
import { LoadingRows, LoadMore, QueryError } from "@/components/shared/query-states.tsx";
import { cardClass } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";

/** The tenant's recent requests with sale price and upstream cost. */
export function UsageSection({ tenantId }: { tenantId: string }) {
  const { t, lang } = useI18n();
  const trpc = useTRPC();
  const usage = useInfiniteQuery(
    trpc.operatorTenants.usage.infiniteQueryOptions(
      { tenantId, limit: 20 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const date = new Intl.DateTimeFormat(lang, { dateStyle: "short", timeStyle: "medium" });
  const number = new Intl.NumberFormat(lang);
  const rows = usage.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className={cardClass}>
      <h2 className="font-medium text-white">{t.operator.detail.usage}</h2>
      <div className="mt-3">
        {usage.isPending ? (
          <LoadingRows />
        ) : usage.isError ? (
          <QueryError retry={() => void usage.refetch()} />
        ) : rows.length === 0 ? (
          <p className="text-sm text-slate-500">{t.operator.detail.noUsage}</p>
        ) : (
          <div className="-mx-5 overflow-x-auto sm:-mx-6">
            <table className="w-full min-w-[40rem] text-left text-sm">
              <thead className="text-xs text-slate-500">
                <tr>
                  <th className="px-5 py-2 font-medium sm:px-6">{t.operator.detail.time}</th>
                  <th className="px-3 py-2 font-medium">{t.operator.detail.model}</th>
                  <th className="px-3 py-2 font-medium">{t.usage.status}</th>
                  <th className="px-3 py-2 text-right font-medium">{t.usage.tokens}</th>
                  <th className="px-3 py-2 text-right font-medium">{t.operator.detail.price}</th>
                  <th className="px-5 py-2 text-right font-medium sm:px-6">
                    {t.operator.detail.cost}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-white/5">
                {rows.map((row) => (
                  <tr key={row.id.toString()}>
                    <td className="px-5 py-2 whitespace-nowrap text-slate-400 sm:px-6">
                      {date.format(row.createdAt)}
                    </td>
                    <td className="px-3 py-2 text-slate-200">{row.model}</td>
                    <td
                      className={`px-3 py-2 font-mono ${row.status >= 400 ? "text-rose-300" : "text-emerald-300"}`}
                    >
                      {row.status}
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums text-slate-300">
                      {number.format(row.promptTokens + row.completionTokens)}
                    </td>
                    <td className="px-3 py-2 text-right font-mono tabular-nums text-slate-200">
                      <Money micros={row.price} />
                    </td>
                    <td className="px-5 py-2 text-right font-mono tabular-nums text-slate-400 sm:px-6">
                      <Money micros={row.upstreamCost} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <LoadMore query={usage} label={t.operator.detail.loadMore} className="mt-3" />
      </div>
    </section>
  );
}
