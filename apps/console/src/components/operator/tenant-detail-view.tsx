"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Money } from "@/components/shared/money.tsx";
import { LoadingRows, QueryError } from "@/components/shared/query-states.tsx";
import { buttonPrimary, buttonSecondary, cardClass, PageHeader } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import { PriceGroupCard } from "./price-group-card.tsx";
import { StatusBadge } from "./states.tsx";
import { CodeMsgCard } from "./tenant-detail/code-msg-card.tsx";
import { CreditDialog } from "./tenant-detail/credit-dialog.tsx";
import { LedgerSection } from "./tenant-detail/ledger-section.tsx";
import { KeysSection, MembersSection } from "./tenant-detail/people.tsx";
import { StatusDialog } from "./tenant-detail/status-dialog.tsx";
import { UsageSection } from "./tenant-detail/usage-section.tsx";

export function TenantDetailView({ tenantId }: { tenantId: string }) {
  const { t, lang } = useI18n();
  const trpc = useTRPC();
  const detail = useQuery(trpc.operatorTenants.detail.queryOptions({ tenantId }));
  const [dialog, setDialog] = useState<"credit" | "status">();
  const date = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });

  if (detail.isPending) return <LoadingRows rows={4} className="h-28" />;
  if (detail.isError) return <QueryError retry={() => void detail.refetch()} />;
  const { tenant, members, keys } = detail.data;

  return (
    <div className="space-y-6">
      <Link href="/operator/tenants" className="text-sm text-slate-400 hover:text-slate-200">
        ← {t.operator.detail.back}
      </Link>
      <PageHeader
        title={tenant.name}
        lead={tenant.slug}
        actions={
          <div className="flex flex-wrap gap-2">
            <button type="button" className={buttonPrimary} onClick={() => setDialog("credit")}>
              {t.operator.detail.creditDebit}
            </button>
            <button
              type="button"
              className={tenant.status === "ACTIVE" ? buttonSecondary : buttonPrimary}
              onClick={() => setDialog("status")}
            >
              {tenant.status === "ACTIVE"
                ? t.operator.detail.suspend
                : t.operator.detail.reactivate}
            </button>
          </div>
        }
      />
      {tenant.status === "SUSPENDED" && (
        <div
          className="rounded-2xl border border-rose-400/30 bg-rose-500/[0.08] px-5 py-4 text-sm"
          data-testid="tenant-suspension"
        >
          <p className="font-medium text-rose-200">
            {tenant.suspendedAt
              ? t.operator.detail.suspendedSince(date.format(tenant.suspendedAt))
              : t.operator.statuses.SUSPENDED}
          </p>
          {tenant.suspendedReason && (
            <p className="mt-1 text-rose-100/90">
              <span className="text-rose-200/80">{t.operator.detail.suspendedBecause}:</span>{" "}
              <span data-testid="tenant-suspended-reason">{tenant.suspendedReason}</span>
            </p>
          )}
        </div>
      )}
      <div className="grid gap-4 sm:grid-cols-3">
        <div className={cardClass}>
          <div className="text-sm text-slate-400">{t.operator.detail.balance}</div>
          <div
            className="mt-2 font-mono text-2xl font-semibold tabular-nums text-white"
            data-testid="tenant-balance"
          >
            <Money micros={tenant.balance} />
          </div>
          <div className="mt-2">
            <StatusBadge status={tenant.status} />
          </div>
        </div>
        <div className={cardClass}>
          <div className="text-sm text-slate-400">{t.operator.detail.held}</div>
          <div className="mt-2 font-mono text-2xl font-semibold tabular-nums text-white">
            <Money micros={tenant.held} />
          </div>
          <div className="mt-2 text-xs text-slate-500">
            {t.operator.detail.spendable}: <Money micros={tenant.balance - tenant.held} />
          </div>
        </div>
        <PriceGroupCard tenantId={tenant.id} current={tenant.priceGroup} />
      </div>

      <CodeMsgCard tenantId={tenant.id} codeMsg={tenant.codeMsg} />

      <div className="grid gap-4 lg:grid-cols-2">
        <MembersSection members={members} />
        <KeysSection keys={keys} />
      </div>

      <LedgerSection tenantId={tenant.id} />
      <UsageSection tenantId={tenant.id} />

      {dialog === "credit" && (
        <CreditDialog tenantId={tenant.id} onClose={() => setDialog(undefined)} />
      )}
      {dialog === "status" && (
        <StatusDialog
          tenantId={tenant.id}
          status={tenant.status}
          onClose={() => setDialog(undefined)}
        />
      )}
    </div>
  );
}
