"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Money } from "@/components/shared/money.tsx";
import { LoadingRows, LoadMore, QueryError } from "@/components/shared/query-states.tsx";
import { cardClass } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";

/** The tenant's ledger, newest first, twenty entries a page. */
export function LedgerSection({ tenantId }: { tenantId: string }) {
  const { t, lang } = useI18n();
  const trpc = useTRPC();
  const ledger = useInfiniteQuery(
    trpc.operatorTenants.ledger.infiniteQueryOptions(
      { tenantId, limit: 20 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const date = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });
  const rows = ledger.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className={cardClass}>
      <h2 className="font-medium text-white">{t.operator.detail.ledger}</h2>
      <div className="mt-3">
        {ledger.isPending ? (
          <LoadingRows />
        ) : ledger.isError ? (
          <QueryError retry={() => void ledger.refetch()} />
        ) : rows.length === 0 ? (
          <p className="text-sm text-slate-500">{t.operator.detail.noLedger}</p>
        ) : (
          <div className="-mx-5 overflow-x-auto sm:-mx-6">
            <table className="w-full min-w-[36rem] text-left text-sm">
              <thead className="text-xs text-slate-500">
                <tr>
                  <th className="px-5 py-2 font-medium sm:px-6">{t.operator.detail.time}</th>
                  <th className="px-3 py-2 font-medium">{t.operator.detail.kind}</th>
                  <th className="px-3 py-2 text-right font-medium">{t.operator.detail.amount}</th>
                  <th className="px-3 py-2 text-right font-medium">
                    {t.operator.detail.balanceAfter}
                  </th>
                  <th className="px-5 py-2 font-medium sm:px-6">{t.operator.detail.reason}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-white/5">
                {rows.map((entry) => (
                  <tr key={entry.id} data-testid="ledger-row">
                    <td className="px-5 py-2 whitespace-nowrap text-slate-400 sm:px-6">
                      {date.format(entry.createdAt)}
                    </td>
                    <td className="px-3 py-2 text-slate-300">
                      {t.operator.detail.kinds[entry.kind]}
                    </td>
                    <td
                      className={`px-3 py-2 text-right font-mono tabular-nums ${
                        entry.amount < 0n ? "text-rose-300" : "text-emerald-300"
                      }`}
                    >
                      {entry.amount > 0n ? "+" : ""}
                      <Money micros={entry.amount} />
                    </td>
                    <td className="px-3 py-2 text-right font-mono tabular-nums text-slate-300">
                      <Money micros={entry.balanceAfter} />
                    </td>
                    <td className="max-w-64 truncate px-5 py-2 text-slate-400 sm:px-6">
                      {entry.reason ?? entry.reference ?? ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <LoadMore query={ledger} label={t.operator.detail.loadMore} className="mt-3" />
      </div>
    </section>
  );
}
