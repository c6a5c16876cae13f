"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Money } from "@/components/shared/money.tsx";
import { LoadingRows, LoadMore, QueryError } from "@/components/shared/query-states.tsx";
import { DataTable, EmptyState } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { bpsToPercent } from "@/lib/percent.ts";
import { useTRPC } from "@/trpc/client.tsx";

export function RewardsList() {
  const { t, lang } = useI18n();
  const o = t.referral.operator;
  const trpc = useTRPC();
  const rewards = useInfiniteQuery(
    trpc.operatorReferrals.rewards.infiniteQueryOptions(
      { limit: 50 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const rows = rewards.data?.pages.flatMap((page) => page.items) ?? [];
  const time = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });
  const tenantLink = (tenant: { id: string; name: string }) => (
    <Link href={`/operator/tenants/${tenant.id}`} className="text-indigo-300 hover:text-indigo-200">
      {tenant.name}
    </Link>
  );

  return (
    <section className="space-y-3" aria-labelledby="referral-rewards">
      <h2 id="referral-rewards" className="text-lg font-semibold text-white">
        {o.listTitle}
      </h2>
      {rewards.isPending ? (
        <LoadingRows rows={3} />
      ) : rewards.isError ? (
        <QueryError retry={() => void rewards.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={o.empty} body={o.emptyBody} />
      ) : (
        <>
          <DataTable
            columns={[
              { label: o.when },
              { label: o.referrer },
              { label: o.referred },
              { label: o.topUp, numeric: true },
              { label: o.amount, numeric: true },
              { label: o.reversed, numeric: true },
            ]}
          >
            {rows.map((row) => (
              <tr
                key={row.id}
                data-testid="referral-reward-row"
                className="grid grid-cols-2 gap-x-4 gap-y-1 px-5 py-3 md:table-row md:p-0"
              >
                <td className="col-span-2 text-xs text-slate-400 md:px-5 md:py-3 md:text-sm">
                  {time.format(row.createdAt)}
                </td>
                <td className="md:px-5 md:py-3">{tenantLink(row.referrer)}</td>
                <td className="text-right md:px-5 md:py-3 md:text-left">
                  {tenantLink(row.referred)}
                </td>
                <td className="font-mono text-xs tabular-nums text-slate-300 md:px-5 md:py-3 md:text-right">
                  <Money micros={row.topUp.creditAmount} />
                </td>
                <td className="text-right font-mono text-xs tabular-nums text-emerald-300 md:px-5 md:py-3">
                  <Money micros={row.amount} />
                  <span className="ml-1 font-sans text-slate-500">
                    ({bpsToPercent(row.rateBps)})
                  </span>
                </td>
                <td className="col-span-2 text-right font-mono text-xs tabular-nums text-rose-300 md:col-span-1 md:px-5 md:py-3">
                  {row.reversedAmount > 0n ? `-$<Money micros={row.reversedAmount} />` : "—"}
                </td>
              </tr>
            ))}
          </DataTable>
          <div className="flex justify-center">
            <LoadMore query={rewards} label={o.loadMore} end={o.end} />
          </div>
        </>
      )}
    </section>
  );
}
