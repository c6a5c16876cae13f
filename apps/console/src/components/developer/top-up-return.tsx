"use client";
// Back from Stripe Checkout (?topup=success&session=cs_...): the payment's own state, polled
// until the webhook has settled it. Stripe redirects before its webhook may have arrived, so
// "pending" here is normal for a few seconds, and longer for some payment methods.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams, useSearchParams } from "next/navigation";
import { useEffect, useRef } from "react";
import { useMoney } from "@/components/shared/money.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";

const POLL_MS = 2_000;
/** About three minutes of polling; after that the order list still shows the state. */
const MAX_POLLS = 90;
/** After this long the payer is told it may take a while. */
const SLOW_AFTER_MS = 20_000;

export function TopUpReturn({ tenantId, onPaid }: { tenantId: string; onPaid: () => void }) {
  const { t } = useI18n();
  const { format: money } = useMoney();
  const r = t.receipts.returned;
  const trpc = useTRPC();
  const search = useSearchParams();
  const params = useParams<{ slug: string }>();
  const sessionId = search.get("session");
  const success = search.get("topup") === "success";
  const status = useQuery({
    ...trpc.billing.topUpStatus.queryOptions({ tenantId, sessionId: sessionId ?? "" }),
    enabled: success && Boolean(sessionId),
    retry: false,
    refetchInterval: (query) =>
      query.state.data?.state === "PENDING" && query.state.dataUpdateCount < MAX_POLLS
        ? POLL_MS
        : false,
  });
  const state = status.data?.state;
  const announced = useRef(false);
  const startedAt = useRef(Date.now());
  useEffect(() => {
    if (state === "PAID" && !announced.current) {
      announced.current = true;
      onPaid();
    }
  }, [state, onPaid]);

  if (!success) return null;
  const box = "rounded-xl px-4 py-3 text-sm ring-1";
  if (!sessionId) {
    return (
      <p role="status" className={`${box} bg-emerald-500/10 text-emerald-200 ring-emerald-400/20`}>
        {t.topUp.success}
      </p>
    );
  }
  if (status.isPending) {
    return (
      <p role="status" aria-busy className={`${box} bg-white/5 text-slate-300 ring-white/10`}>
        {r.pending}
      </p>
    );
  }
  if (status.isError) {
    return (
      <p role="status" className={`${box} bg-rose-500/10 text-rose-200 ring-rose-400/20`}>
        {r.notFound}
      </p>
    );
  }
  const order = status.data;
  if (order.state === "PENDING") {
    return (
      <p
        role="status"
        aria-busy
        data-testid="topup-return"
        className={`${box} flex items-center gap-2 bg-white/5 text-slate-300 ring-white/10`}
      >
        <span className="size-2 shrink-0 animate-pulse rounded-full bg-amber-300" aria-hidden />
        {status.dataUpdatedAt - startedAt.current > SLOW_AFTER_MS ? r.slow : r.pending}
      </p>
    );
  }
  if (order.state !== "FAILED" && order.state !== "EXPIRED") {
    return (
      <p
        role="status"
        data-testid="topup-return"
        className={`${box} flex flex-wrap items-center gap-x-3 gap-y-1 bg-emerald-500/10 text-emerald-200 ring-emerald-400/20`}
      >
        <span>
          {order.state === "PAID"
            ? r.paid(money(order.creditAmount))
            : order.state === "REFUNDED"
              ? r.refunded
              : t.receipts.states[order.state]}
        </span>
        <Link
          href={`/console/${encodeURIComponent(params.slug)}/billing/receipts/${order.id}`}
          className="font-medium text-emerald-100 underline underline-offset-2 hover:text-white"
        >
          {t.receipts.view}
        </Link>
      </p>
    );
  }
  return (
    <p
      role="status"
      data-testid="topup-return"
      className={`${box} bg-rose-500/10 text-rose-200 ring-rose-400/20`}
    >
      {order.state === "FAILED" ? r.failed : r.expired}
    </p>
  );
}
