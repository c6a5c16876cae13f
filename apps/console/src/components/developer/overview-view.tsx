"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Money, useMoney } from "@/components/shared/money.tsx";
import { QueryError } from "@/components/shared/query-states.tsx";
import {
  buttonPrimary,
  cardClass,
  DashboardSkeleton,
  EmptyState,
  PageHeader,
} from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import { RequestsChart, SpendByModelChart } from "./overview-charts.tsx";

export function OverviewView({ tenantId, slug }: { tenantId: string; slug: string }) {
  const { t, lang } = useI18n();
  const { format: money } = useMoney();
  const trpc = useTRPC();
  const overview = useQuery({
    ...trpc.tenant.overview.queryOptions({ tenantId }),
    refetchInterval: 15_000,
  });

  if (overview.isPending) {
    return (
      <div className="space-y-5" aria-busy>
        <PageHeader title={t.overview.title} />
        <DashboardSkeleton />
      </div>
    );
  }
  if (overview.isError) {
    return (
      <div className="space-y-5">
        <PageHeader title={t.overview.title} />
        <QueryError retry={() => void overview.refetch()} />
      </div>
    );
  }

  const data = overview.data;
  const number = new Intl.NumberFormat(lang);
  const totalRequests = data.daily.reduce((sum, day) => sum + day.requests, 0);
  const days = number.format(data.daily.length);

  return (
    <div className="space-y-6">
      <PageHeader title={t.overview.title} lead={t.overview.utcNote} />

      {/* Only against the workspace's own threshold: empty means the warning is off. */}
      {data.lowBalanceThreshold !== null && data.balance < data.lowBalanceThreshold && (
        <div
          role="status"
          data-testid="low-balance"
          className="flex flex-wrap items-center justify-between gap-3 rounded-2xl border border-amber-300/25 bg-amber-400/10 px-5 py-4 text-sm"
        >
          <div>
            <p className="font-medium text-amber-100">{t.overview.lowBalanceTitle}</p>
            <p className="mt-1 text-amber-100/75">
              {t.fixes.lowBalanceBody(money(data.lowBalanceThreshold))}
            </p>
          </div>
          <Link href={`/console/${slug}/billing`} className={buttonPrimary}>
            {t.fixes.goToBilling}
          </Link>
        </div>
      )}

      <dl className="grid gap-4 sm:grid-cols-3">
        <div className={cardClass}>
          <dt className="text-sm text-slate-400">{t.overview.balance}</dt>
          <dd
            data-testid="balance"
            className="mt-2 truncate text-2xl font-semibold tabular-nums tracking-tight text-white sm:text-3xl"
          >
            <Money micros={data.balance} />
          </dd>
          {data.held > 0n && (
            <dd className="mt-1 text-xs text-slate-500">{t.overview.held(money(data.held))}</dd>
          )}
        </div>
        <div className={cardClass}>
          <dt className="text-sm text-slate-400">{t.overview.spendToday}</dt>
          <dd
            data-testid="spend-today"
            className="mt-2 text-2xl font-semibold tabular-nums tracking-tight text-white sm:text-3xl"
          >
            <Money micros={data.spendToday} />
          </dd>
        </div>
        <div className={cardClass}>
          <dt className="text-sm text-slate-400">{t.overview.spendMonth}</dt>
          <dd className="mt-2 text-2xl font-semibold tabular-nums tracking-tight text-white sm:text-3xl">
            <Money micros={data.spendThisMonth} />
          </dd>
        </div>
      </dl>

      {totalRequests === 0 ? (
        <EmptyState
          title={t.overview.noUsageTitle}
          body={t.overview.noUsageBody}
          action={
            <Link href={`/console/${slug}/keys`} className={buttonPrimary}>
              {t.overview.createKey}
            </Link>
          }
        />
      ) : (
        <div className="grid gap-4 lg:grid-cols-5">
          <section className={`${cardClass} min-w-0 lg:col-span-3`}>
            <div className="flex items-baseline justify-between gap-2">
              <h2 className="text-sm font-medium text-slate-300">{t.overview.requestsPerDay}</h2>
              <span className="text-xs text-slate-500">{t.overview.lastDays(days)}</span>
            </div>
            <RequestsChart daily={data.daily} />
          </section>
          <section className={`${cardClass} min-w-0 lg:col-span-2`}>
            <div className="flex items-baseline justify-between gap-2">
              <h2 className="text-sm font-medium text-slate-300">{t.overview.spendByModel}</h2>
              <span className="text-xs text-slate-500">{t.overview.lastDays(days)}</span>
            </div>
            <SpendByModelChart byModel={data.byModel} />
          </section>
        </div>
      )}
    </div>
  );
}
