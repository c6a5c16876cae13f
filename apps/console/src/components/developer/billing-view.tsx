"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { UnverifiedEmailNotice } from "@/components/shared/account/resend-verification.tsx";
import { Money, useMoney } from "@/components/shared/money.tsx";
import { cardClass, PageHeader, Skeleton } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import { BalanceHistory } from "./balance-history.tsx";
import { RedeemCard } from "./redeem-card.tsx";
import { ReferredNote } from "./referred-note.tsx";
import { TopUpForm } from "./top-up-form.tsx";
import { TopUpOrders } from "./top-up-orders.tsx";
import { TopUpReturn } from "./top-up-return.tsx";

export function BillingView({ tenantId }: { tenantId: string }) {
  const { t } = useI18n();
  const { format: money } = useMoney();
  const trpc = useTRPC();
  const overview = useQuery(trpc.tenant.overview.queryOptions({ tenantId }));
  const queryClient = useQueryClient();
  // The webhook credited the returning payment: show the new balance, entry and order state.
  const onPaid = useCallback(() => {
    void overview.refetch();
    void queryClient.invalidateQueries({ queryKey: trpc.billing.ledgerDays.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.billing.topUpOrders.pathKey() });
  }, [overview.refetch, queryClient, trpc]);

  return (
    <div className="space-y-6">
      <PageHeader title={t.dev.billing.title} lead={t.dev.billing.lead} />
      <TopUpReturn tenantId={tenantId} onPaid={onPaid} />
      <UnverifiedEmailNotice />
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
                <Money micros={overview.data.balance} />
              </p>
              {overview.data.held > 0n && (
                <p className="mt-1 text-xs text-slate-500">
                  {t.dev.billing.held(money(overview.data.held))}
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
            void queryClient.invalidateQueries({ queryKey: trpc.billing.ledgerDays.pathKey() });
          }}
        />
      </div>

      <TopUpOrders tenantId={tenantId} />

      <section className="space-y-3" aria-labelledby="billing-history">
        <h2 id="billing-history" className="text-lg font-semibold text-white">
          {t.dev.billing.historyTitle}
        </h2>
        <ReferredNote tenantId={tenantId} />
        <BalanceHistory tenantId={tenantId} />
      </section>
    </div>
  );
}
