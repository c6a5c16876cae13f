"use client";
// The tenant's top-ups on the billing page: what was paid in its currency, what it credited to
// the micro-dollar, how, and its state (refunds included), with a receipt link for paid ones.
import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { Money, useMoney } from "@/components/shared/money.tsx";
import { LoadingRows, LoadMore, QueryError } from "@/components/shared/query-states.tsx";
import { DataTable, EmptyState } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { formatMinor } from "@/lib/currency.ts";
import { useTRPC } from "@/trpc/client.tsx";

type State = "PENDING" | "PAID" | "EXPIRED" | "REFUNDED" | "FAILED" | "DISPUTED" | "CHARGED_BACK";

const stateTone: Record<State, string> = {
  PENDING: "bg-amber-400/10 text-amber-200 ring-amber-300/20",
  PAID: "bg-emerald-400/10 text-emerald-300 ring-emerald-300/20",
  REFUNDED: "bg-sky-400/10 text-sky-200 ring-sky-300/20",
  EXPIRED: "bg-white/5 text-slate-400 ring-white/10",
  FAILED: "bg-rose-400/10 text-rose-300 ring-rose-300/20",
  DISPUTED: "bg-amber-400/10 text-amber-200 ring-amber-300/20",
  CHARGED_BACK: "bg-rose-400/10 text-rose-300 ring-rose-300/20",
};

export function TopUpOrders({ tenantId }: { tenantId: string }) {
  const { t, lang } = useI18n();
  const { format: money } = useMoney();
  const trpc = useTRPC();
  const orders = useInfiniteQuery(
    trpc.billing.topUpOrders.infiniteQueryOptions(
      { tenantId, limit: 10 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const r = t.receipts;
  const params = useParams<{ slug: string }>();
  const time = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });
  const rows = orders.data?.pages.flatMap((page) => page.items) ?? [];
  const method = (name: string | null) =>
    name === "card" || name === "alipay" || name === "wechat_pay"
      ? t.topUp.methodNames[name]
      : (name ?? "—");

  return (
    <section className="space-y-3" aria-labelledby="billing-topups">
      <h2 id="billing-topups" className="text-lg font-semibold text-white">
        {r.title}
      </h2>
      {orders.isPending ? (
        <LoadingRows rows={2} />
      ) : orders.isError ? (
        <QueryError retry={() => void orders.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={r.emptyTitle} body={r.emptyBody} />
      ) : (
        <>
          <DataTable
            columns={[
              { label: r.date },
              { label: r.paid, numeric: true },
              { label: r.credited, numeric: true },
              { label: r.method },
              { label: r.state },
              { label: <span className="sr-only">{r.view}</span> },
            ]}
          >
            {rows.map((order) => (
              <tr
                key={order.id}
                data-testid="topup-order"
                className="grid grid-cols-2 gap-x-4 gap-y-1 px-5 py-3 md:table-row md:p-0"
              >
                <td className="text-xs text-slate-400 md:px-5 md:py-3 md:text-sm">
                  {time.format(order.paidAt ?? order.createdAt)}
                </td>
                <td
                  className="text-right font-mono text-sm tabular-nums text-slate-100 md:px-5 md:py-3"
                  data-testid="topup-order-paid"
                >
                  {formatMinor(order.amountMinor, order.currency, lang)}
                </td>
                <td
                  className="font-mono text-xs tabular-nums text-emerald-300 md:px-5 md:py-3 md:text-right"
                  data-testid="topup-order-credited"
                >
                  <span className="font-sans text-slate-500 md:hidden">{r.credited}: </span>
                  <Money micros={order.creditAmount} />
                </td>
                <td className="text-right text-xs text-slate-300 md:px-5 md:py-3 md:text-left md:text-sm">
                  {method(order.paymentMethod)}
                </td>
                <td className="md:px-5 md:py-3">
                  <span
                    className={`rounded-full px-2 py-0.5 text-xs ring-1 ${stateTone[order.state]}`}
                    data-testid="topup-order-state"
                  >
                    {r.states[order.state]}
                  </span>
                  {order.refundedAmount > 0n && (
                    <span className="ml-2 font-mono text-xs text-sky-200 tabular-nums">
                      {r.refunded(money(order.refundedAmount))}
                    </span>
                  )}
                </td>
                <td className="text-right md:px-5 md:py-3">
                  {order.paidAt && (
                    <Link
                      href={`/console/${encodeURIComponent(params.slug)}/billing/receipts/${order.id}`}
                      className="text-sm text-indigo-300 hover:text-indigo-200"
                    >
                      {r.view}
                    </Link>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
          <div className="flex justify-center">
            <LoadMore query={orders} label={r.loadMore} />
          </div>
        </>
      )}
    </section>
  );
}
