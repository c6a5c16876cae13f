"use client";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { Money } from "@/components/shared/money.tsx";
import { LoadingRows, LoadMore, QueryError } from "@/components/shared/query-states.tsx";
import { DataTable, EmptyState } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";

const rowClass = "grid grid-cols-2 gap-x-4 gap-y-1 px-5 py-3 md:table-row md:p-0";

/** A signed amount: green in, rose out, "+" on credits. */
function Amount({ micros }: { micros: bigint }) {
  return (
    <span className={micros < 0n ? "text-rose-300" : "text-emerald-300"}>
      {micros > 0n ? "+" : ""}
      <Money micros={micros} />
    </span>
  );
}

/**
 * The balance history: credits, top-ups, refunds and redemptions one row each, API usage one row
 * per UTC day that opens onto that day's calls.
 */
export function BalanceHistory({ tenantId }: { tenantId: string }) {
  const { t, lang } = useI18n();
  const b = t.dev.billing;
  const trpc = useTRPC();
  const [open, setOpen] = useState<string>();
  const history = useInfiniteQuery(
    trpc.billing.ledgerDays.infiniteQueryOptions(
      { tenantId, days: 14 },
      { getNextPageParam: (page) => page.nextBefore ?? undefined },
    ),
  );
  const items = history.data?.pages.flatMap((page) => page.items) ?? [];
  const time = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });
  const day = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: "UTC" });
  const number = new Intl.NumberFormat(lang);

  if (history.isPending) return <LoadingRows rows={4} />;
  if (history.isError) return <QueryError retry={() => void history.refetch()} />;
  if (items.length === 0) return <EmptyState title={b.emptyTitle} body={b.emptyBody} />;
  return (
    <>
      <DataTable
        columns={[
          { label: b.when },
          { label: b.kind },
          { label: b.reason },
          { label: b.amount, numeric: true },
          { label: b.balanceAfter, numeric: true },
        ]}
      >
        {items.map((item) => {
          const balance = (
            <td className="text-right font-mono text-xs tabular-nums text-slate-300 md:px-5 md:py-3">
              <span className="font-sans text-slate-500 md:hidden">{b.balanceAfter}: </span>
              <Money micros={item.type === "entry" ? item.entry.balanceAfter : item.balanceAfter} />
            </td>
          );
          if (item.type === "entry") {
            const entry = item.entry;
            return (
              <tr key={entry.id} data-testid="ledger-row" className={rowClass}>
                <td className="text-xs text-slate-400 md:px-5 md:py-3 md:text-sm">
                  {time.format(entry.createdAt)}
                </td>
                <td className="text-right md:px-5 md:py-3 md:text-left">
                  <span className="rounded-full bg-white/5 px-2 py-0.5 text-xs text-slate-300 ring-1 ring-white/10">
                    {b.kinds[entry.kind]}
                  </span>
                </td>
                <td className="col-span-2 break-words text-slate-300 md:col-span-1 md:max-w-64 md:px-5 md:py-3">
                  {entry.reason ?? entry.reference ?? "—"}
                </td>
                <td
                  className="font-mono text-xs tabular-nums md:px-5 md:py-3 md:text-right"
                  data-testid="ledger-amount"
                >
                  <Amount micros={entry.amount} />
                </td>
                {balance}
              </tr>
            );
          }
          const expanded = open === item.day;
          return (
            <Fragment key={`usage-${item.day}`}>
              <tr data-testid="ledger-usage-day" className={rowClass}>
                <td className="text-xs text-slate-400 md:px-5 md:py-3 md:text-sm">
                  {day.format(new Date(`${item.day}T00:00:00Z`))}
                </td>
                <td className="text-right md:px-5 md:py-3 md:text-left">
                  <span className="rounded-full bg-white/5 px-2 py-0.5 text-xs text-slate-300 ring-1 ring-white/10">
                    {b.kinds.USAGE}
                  </span>
                </td>
                <td className="col-span-2 text-slate-300 md:col-span-1 md:px-5 md:py-3">
                  <button
                    type="button"
                    aria-expanded={expanded}
                    onClick={() => setOpen(expanded ? undefined : item.day)}
                    className="text-left text-indigo-300 underline-offset-2 hover:underline"
                  >
                    {t.fixes.history.usageDay(number.format(item.calls))} ·{" "}
                    {expanded ? t.fixes.history.hideCalls : t.fixes.history.showCalls}
                  </button>
                </td>
                <td
                  className="font-mono text-xs tabular-nums md:px-5 md:py-3 md:text-right"
                  data-testid="ledger-amount"
                >
                  <Amount micros={item.amount} />
                </td>
                {balance}
              </tr>
              {expanded && <UsageDayCalls tenantId={tenantId} day={item.day} />}
            </Fragment>
          );
        })}
      </DataTable>
      <div className="flex justify-center">
        <LoadMore query={history} label={b.loadMore} end={b.end} />
      </div>
    </>
  );
}

function UsageDayCalls({ tenantId, day }: { tenantId: string; day: string }) {
  const { t, lang } = useI18n();
  const trpc = useTRPC();
  const calls = useQuery(trpc.billing.usageDay.queryOptions({ tenantId, day }));
  const time = new Intl.DateTimeFormat(lang, { timeStyle: "medium" });
  return (
    <tr className="block md:table-row">
      <td colSpan={5} className="block bg-black/20 px-5 py-2 md:table-cell">
        {calls.isPending ? (
          <LoadingRows rows={2} />
        ) : calls.isError ? (
          <QueryError retry={() => void calls.refetch()} />
        ) : (
          <ul className="divide-y divide-white/5 text-xs" data-testid="ledger-usage-calls">
            {calls.data.map((call) => (
              <li key={call.id} className="flex flex-wrap justify-between gap-x-4 py-1.5">
                <span className="text-slate-400">{time.format(call.createdAt)}</span>
                <span className="min-w-0 break-all font-mono text-slate-500">
                  {call.reference ?? t.fixes.history.call}
                </span>
                <span className="font-mono tabular-nums">
                  <Amount micros={call.amount} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}
