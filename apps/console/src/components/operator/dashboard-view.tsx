"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Money, useMoney } from "@/components/shared/money.tsx";
import { LoadingRows, QueryError } from "@/components/shared/query-states.tsx";
import { cardClass, EmptyState, PageHeader } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import { ChannelErrorChart, RevenuePerDayChart } from "./dashboard-charts.tsx";

/** Error share as a percentage with one decimal, from integers. */
function percent(part: number, whole: number): string {
  if (whole === 0) return "0%";
  return `${(Math.round((part * 1000) / whole) / 10).toFixed(1)}%`;
}

export function DashboardView() {
  const { t, lang } = useI18n();
  const { format: money } = useMoney();
  const trpc = useTRPC();
  const dashboard = useQuery(trpc.operatorInsights.dashboard.queryOptions());
  const number = new Intl.NumberFormat(lang);
  const d = t.operator.dashboard;

  return (
    <div className="space-y-6">
      <PageHeader title={d.title} lead={d.lead} />
      {dashboard.isPending ? (
        <div className="space-y-4">
          <LoadingRows rows={1} className="h-24" />
          <LoadingRows rows={1} className="h-72" />
        </div>
      ) : dashboard.isError ? (
        <QueryError retry={() => void dashboard.refetch()} />
      ) : (
        <>
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            {(
              [
                [d.revenue, money(dashboard.data.totals.revenue), "dash-revenue"],
                [d.cost, money(dashboard.data.totals.cost), "dash-cost"],
                [d.margin, money(dashboard.data.totals.margin), "dash-margin"],
                [d.requests, number.format(dashboard.data.totals.requests), "dash-requests"],
              ] as const
            ).map(([label, value, id]) => (
              <div key={id} className={cardClass}>
                <div className="text-sm text-slate-400">{label}</div>
                <div
                  className="mt-2 font-mono text-2xl font-semibold tabular-nums text-white"
                  data-testid={id}
                >
                  {value}
                </div>
              </div>
            ))}
          </div>

          {dashboard.data.totals.requests === 0 ? (
            <EmptyState title={d.noUsageTitle} body={d.noUsageBody} />
          ) : (
            <div className="grid gap-4 lg:grid-cols-5">
              <section className={`${cardClass} lg:col-span-3`}>
                <h2 className="font-medium text-white">{d.perDay}</h2>
                <RevenuePerDayChart daily={dashboard.data.daily} />
              </section>
              <section className={`${cardClass} lg:col-span-2`}>
                <h2 className="font-medium text-white">{d.perModel}</h2>
                <div className="-mx-5 mt-3 overflow-x-auto sm:-mx-6">
                  <table className="w-full text-left text-sm">
                    <thead className="text-xs text-slate-500">
                      <tr>
                        <th className="px-5 py-2 font-medium sm:px-6">{t.operator.detail.model}</th>
                        <th className="px-2 py-2 text-right font-medium">{d.revenue}</th>
                        <th className="px-2 py-2 text-right font-medium">{d.cost}</th>
                        <th className="px-5 py-2 text-right font-medium sm:px-6">{d.margin}</th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-white/5">
                      {dashboard.data.byModel.map((row) => (
                        <tr key={row.model}>
                          <td className="px-5 py-2 text-slate-200 sm:px-6">{row.model}</td>
                          <td className="px-2 py-2 text-right font-mono tabular-nums">
                            <Money micros={row.revenue} />
                          </td>
                          <td className="px-2 py-2 text-right font-mono tabular-nums text-slate-400">
                            <Money micros={row.cost} />
                          </td>
                          <td
                            className={`px-5 py-2 text-right font-mono tabular-nums sm:px-6 ${
                              row.margin < 0n ? "text-rose-300" : "text-emerald-300"
                            }`}
                          >
                            <Money micros={row.margin} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </section>
            </div>
          )}

          <div className="grid gap-4 lg:grid-cols-2">
            <section className={cardClass}>
              <h2 className="font-medium text-white">{d.topTenants}</h2>
              {dashboard.data.topTenants.length === 0 ? (
                <p className="mt-3 text-sm text-slate-500">{d.noTenants}</p>
              ) : (
                <ol className="mt-3 divide-y divide-white/5 text-sm">
                  {dashboard.data.topTenants.map((tenant) => (
                    <li key={tenant.tenantId} className="flex justify-between gap-3 py-2">
                      <Link
                        href={`/operator/tenants/${tenant.tenantId}`}
                        className="truncate text-slate-200 hover:text-indigo-300"
                      >
                        {tenant.name}
                      </Link>
                      <span className="font-mono tabular-nums">
                        <Money micros={tenant.spend} />
                      </span>
                    </li>
                  ))}
                </ol>
              )}
            </section>
            <section className={cardClass}>
              <h2 className="font-medium text-white">{d.channelErrors}</h2>
              {dashboard.data.channels.length === 0 ? (
                <p className="mt-3 text-sm text-slate-500">{d.noTraffic}</p>
              ) : (
                <>
                  <ChannelErrorChart
                    channels={dashboard.data.channels.map((c) => ({
                      label: c.name ?? d.noChannel,
                      requests: c.requests,
                      errors: c.errors,
                    }))}
                  />
                  <ul className="mt-3 divide-y divide-white/5 text-sm" data-testid="channel-errors">
                    {dashboard.data.channels.map((c) => (
                      <li key={c.channelId ?? "none"} className="flex justify-between gap-3 py-2">
                        <span className="truncate text-slate-200">{c.name ?? d.noChannel}</span>
                        <span className="shrink-0 tabular-nums text-slate-400">
                          {number.format(c.errors)} / {number.format(c.requests)} ·{" "}
                          <span className={c.errors > 0 ? "text-rose-300" : "text-emerald-300"}>
                            {percent(c.errors, c.requests)}
                          </span>
                        </span>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </section>
          </div>
        </>
      )}
    </div>
  );
}
