"use client";
import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { LoadingRows, LoadMore, QueryError } from "@/components/shared/query-states.tsx";
import { cardClass, DataTable, EmptyState, PageHeader, Skeleton } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { usdExact, usdFriendly } from "@/lib/money.ts";
import { useTRPC } from "@/trpc/client.tsx";
import { RedeemCard } from "./redeem-card.tsx";
import { ReferredNote } from "./referred-note.tsx";
import { TopUpForm } from "./top-up-form.tsx";
import { TopUpOrders } from "./top-up-orders.tsx";
import { TopUpReturn } from "./top-up-return.tsx";

export function BillingView({ tenantId }: { tenantId: string }) {
  const { t, lang } = useI18n();
  const trpc = useTRPC();
  const overview = useQuery(trpc.tenant.overview.queryOptions({ tenantId }));
  const ledger = useInfiniteQuery(
    trpc.billing.ledger.infiniteQueryOptions(
      { tenantId, limit: 25 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const rows = ledger.data?.pages.flatMap((page) => page.items) ?? [];
  const time = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });
  const queryClient = useQueryClient();
  // The webhook credited the returning payment: show the new balance, entry and order state.
  const onPaid = useCallback(() => {
    void overview.refetch();
    void ledger.refetch();
    void queryClient.invalidateQueries({ queryKey: trpc.billing.topUpOrders.pathKey() });
  }, [overview.refetch, ledger.refetch, queryClient, trpc]);

  return (
    <div className="space-y-6">
      <PageHeader title={t.dev.billing.title} lead={t.dev.billing.lead} />
      <TopUpReturn tenantId={tenantId} onPaid={onPaid} />
      {/* Phone: balance, top up, redeem. Wider: balance over redeem, top up beside both. */}
      <div className="grid items-start gap-4 md:grid-cols-2">
        <section className={cardClass} aria-labelledby="billing-balance">
          <h2 id="billing-balance" className="text-sm font-medium text-slate-400">
            {t.dev.billing.balance}
          </h2>
          {overview.isPending ? (
            <Skeleton className="mt-3 h-9 w-40" />
          ) : overview.isError ? (
            <p className="mt-3 text-sm text-rose-300">{t.common.errorTitle}</p>
          ) : (
            <>
              <p
                className="mt-2 font-mono text-3xl font-semibold tabular-nums text-white"
                data-testid="billing-balance"
              >
                {usdExact(overview.data.balance)}
              </p>
              {overview.data.held > 0n && (
                <p className="mt-1 text-xs text-slate-500">
                  {t.dev.billing.held(usdFriendly(overview.data.held))}
                </p>
              )}
            </>
          )}
        </section>
        <section className={`${cardClass} md:row-span-2`} aria-labelledby="billing-topup">
          <h2 id="billing-topup" className="text-sm font-medium text-slate-400">
            {t.dev.billing.topUpTitle}
          </h2>
          <TopUpForm
            tenantId={tenantId}
            onPaid={onPaid}
            notConfigured={
              <p className="mt-2 text-sm leading-6 text-slate-300">{t.dev.billing.topUpBody}</p>
            }
          />
        </section>
        <RedeemCard
          tenantId={tenantId}
          onRedeemed={() => {
            void overview.refetch();
            void ledger.refetch();
          }}
        />
      </div>

      <TopUpOrders tenantId={tenantId} />

      <section className="space-y-3" aria-labelledby="billing-history">
        <h2 id="billing-history" className="text-lg font-semibold text-white">
          {t.dev.billing.historyTitle}
        </h2>
        <ReferredNote tenantId={tenantId} />
        {ledger.isPending ? (
          <LoadingRows rows={4} />
        ) : ledger.isError ? (
          <QueryError retry={() => void ledger.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState title={t.dev.billing.emptyTitle} body={t.dev.billing.emptyBody} />
        ) : (
          <>
            <DataTable
              columns={[
                { label: t.dev.billing.when },
                { label: t.dev.billing.kind },
                { label: t.dev.billing.reason },
                { label: t.dev.billing.amount, numeric: true },
                { label: t.dev.billing.balanceAfter, numeric: true },
              ]}
            >
              {rows.map((entry) => (
                <tr
                  key={entry.id}
                  data-testid="ledger-row"
                  className="grid grid-cols-2 gap-x-4 gap-y-1 px-5 py-3 md:table-row md:p-0"
                >
                  <td className="text-xs text-slate-400 md:px-5 md:py-3 md:text-sm">
                    {time.format(entry.createdAt)}
                  </td>
                  <td className="text-right md:px-5 md:py-3 md:text-left">
                    <span className="rounded-full bg-white/5 px-2 py-0.5 text-xs text-slate-300 ring-1 ring-white/10">
                      {t.dev.billing.kinds[entry.kind]}
                    </span>
                  </td>
                  <td className="col-span-2 truncate text-slate-300 md:col-span-1 md:max-w-64 md:px-5 md:py-3">
                    {entry.reason ?? entry.reference ?? "—"}
                  </td>
                  <td
                    className={`font-mono text-xs tabular-nums md:px-5 md:py-3 md:text-right ${
                      entry.amount < 0n ? "text-rose-300" : "text-emerald-300"
                    }`}
                    data-testid="ledger-amount"
                  >
                    {entry.amount > 0n ? "+" : ""}
                    {usdExact(entry.amount)}
                  </td>
                  <td className="text-right font-mono text-xs tabular-nums text-slate-300 md:px-5 md:py-3">
                    <span className="font-sans text-slate-500 md:hidden">
                      {t.dev.billing.balanceAfter}:{" "}
                    </span>
                    {usdExact(entry.balanceAfter)}
                  </td>
                </tr>
              ))}
            </DataTable>
            <div className="flex justify-center">
              <LoadMore query={ledger} label={t.dev.billing.loadMore} end={t.dev.billing.end} />
            </div>
          </>
        )}
      </section>
    </div>
  );
}
