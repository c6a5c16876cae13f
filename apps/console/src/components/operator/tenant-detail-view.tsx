"use client";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { type FormEvent, useState } from "react";
import { Modal } from "@/components/console/modal.tsx";
import {
  buttonDanger,
  buttonPrimary,
  buttonSecondary,
  cardClass,
  FieldError,
  inputClass,
  PageHeader,
} from "@/components/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { usdExact, usdSpend } from "@/lib/money.ts";
import { useTRPC } from "@/trpc/client.tsx";
import { PriceGroupCard } from "./price-group-card.tsx";
import { errorMessage, LoadingRows, QueryError, StatusBadge } from "./states.tsx";

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
      <div className="grid gap-4 sm:grid-cols-3">
        <div className={cardClass}>
          <div className="text-sm text-slate-400">{t.operator.detail.balance}</div>
          <div
            className="mt-2 font-mono text-2xl font-semibold tabular-nums text-white"
            data-testid="tenant-balance"
          >
            {usdExact(tenant.balance)}
          </div>
          <div className="mt-2">
            <StatusBadge status={tenant.status} />
          </div>
        </div>
        <div className={cardClass}>
          <div className="text-sm text-slate-400">{t.operator.detail.held}</div>
          <div className="mt-2 font-mono text-2xl font-semibold tabular-nums text-white">
            {usdExact(tenant.held)}
          </div>
          <div className="mt-2 text-xs text-slate-500">
            {t.operator.detail.spendable}: {usdExact(tenant.balance - tenant.held)}
          </div>
        </div>
        <PriceGroupCard tenantId={tenant.id} current={tenant.priceGroup} />
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <section className={cardClass}>
          <h2 className="font-medium text-white">{t.operator.detail.members}</h2>
          {members.length === 0 ? (
            <p className="mt-3 text-sm text-slate-500">{t.operator.detail.noMembers}</p>
          ) : (
            <ul className="mt-3 divide-y divide-white/5 text-sm">
              {members.map((member) => (
                <li key={member.userId} className="flex items-center justify-between gap-3 py-2">
                  <span className="min-w-0 truncate text-slate-200">
                    {member.name ? `${member.name} · ` : ""}
                    <span className="text-slate-400">{member.email}</span>
                  </span>
                  <span className="shrink-0 text-xs text-slate-400">
                    {t.shell.roles[member.role]}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className={cardClass}>
          <h2 className="font-medium text-white">{t.operator.detail.keys}</h2>
          {keys.length === 0 ? (
            <p className="mt-3 text-sm text-slate-500">{t.operator.detail.noKeys}</p>
          ) : (
            <ul className="mt-3 divide-y divide-white/5 text-sm">
              {keys.map((key) => (
                <li key={key.id} className="flex items-center justify-between gap-3 py-2">
                  <span className="min-w-0 truncate">
                    <span className="text-slate-200">{key.name}</span>{" "}
                    <code className="font-mono text-xs text-slate-500">{key.prefix}…</code>
                  </span>
                  <span className="shrink-0 text-xs text-slate-400">
                    {t.keys.statuses[key.status]} · {t.operator.detail.lastUsed}:{" "}
                    {key.lastUsedAt ? date.format(key.lastUsedAt) : t.common.never}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
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

function LedgerSection({ tenantId }: { tenantId: string }) {
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
                  <tr key={entry.id.toString()} data-testid="ledger-row">
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
                      {usdExact(entry.amount)}
                    </td>
                    <td className="px-3 py-2 text-right font-mono tabular-nums text-slate-300">
                      {usdExact(entry.balanceAfter)}
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
        {ledger.hasNextPage && (
          <button
            type="button"
            className={`${buttonSecondary} mt-3`}
            disabled={ledger.isFetchingNextPage}
            onClick={() => void ledger.fetchNextPage()}
          >
            {ledger.isFetchingNextPage ? t.common.loading : t.operator.detail.loadMore}
          </button>
        )}
      </div>
    </section>
  );
}

function UsageSection({ tenantId }: { tenantId: string }) {
  const { t, lang } = useI18n();
  const trpc = useTRPC();
  const usage = useInfiniteQuery(
    trpc.operatorTenants.usage.infiniteQueryOptions(
      { tenantId, limit: 20 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const date = new Intl.DateTimeFormat(lang, { dateStyle: "short", timeStyle: "medium" });
  const number = new Intl.NumberFormat(lang);
  const rows = usage.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className={cardClass}>
      <h2 className="font-medium text-white">{t.operator.detail.usage}</h2>
      <div className="mt-3">
        {usage.isPending ? (
          <LoadingRows />
        ) : usage.isError ? (
          <QueryError retry={() => void usage.refetch()} />
        ) : rows.length === 0 ? (
          <p className="text-sm text-slate-500">{t.operator.detail.noUsage}</p>
        ) : (
          <div className="-mx-5 overflow-x-auto sm:-mx-6">
            <table className="w-full min-w-[40rem] text-left text-sm">
              <thead className="text-xs text-slate-500">
                <tr>
                  <th className="px-5 py-2 font-medium sm:px-6">{t.operator.detail.time}</th>
                  <th className="px-3 py-2 font-medium">{t.operator.detail.model}</th>
                  <th className="px-3 py-2 font-medium">{t.usage.status}</th>
                  <th className="px-3 py-2 text-right font-medium">{t.usage.tokens}</th>
                  <th className="px-3 py-2 text-right font-medium">{t.operator.detail.price}</th>
                  <th className="px-5 py-2 text-right font-medium sm:px-6">
                    {t.operator.detail.cost}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-white/5">
                {rows.map((row) => (
                  <tr key={row.id.toString()}>
                    <td className="px-5 py-2 whitespace-nowrap text-slate-400 sm:px-6">
                      {date.format(row.createdAt)}
                    </td>
                    <td className="px-3 py-2 text-slate-200">{row.model}</td>
                    <td
                      className={`px-3 py-2 font-mono ${row.status >= 400 ? "text-rose-300" : "text-emerald-300"}`}
                    >
                      {row.status}
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums text-slate-300">
                      {number.format(row.promptTokens + row.completionTokens)}
                    </td>
                    <td className="px-3 py-2 text-right font-mono tabular-nums text-slate-200">
                      {usdSpend(row.price)}
                    </td>
                    <td className="px-5 py-2 text-right font-mono tabular-nums text-slate-400 sm:px-6">
                      {usdSpend(row.upstreamCost)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {usage.hasNextPage && (
          <button
            type="button"
            className={`${buttonSecondary} mt-3`}
            disabled={usage.isFetchingNextPage}
            onClick={() => void usage.fetchNextPage()}
          >
            {usage.isFetchingNextPage ? t.common.loading : t.operator.detail.loadMore}
          </button>
        )}
      </div>
    </section>
  );
}

const amountPattern = /^-?\d+(\.\d{1,6})?$/;

function CreditDialog({ tenantId, onClose }: { tenantId: string; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<{ field: "amount" | "reason"; message: string }>();
  // One key per opened dialog: a double click or a retry posts the entry once.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const credit = useMutation(
    trpc.operatorTenants.credit.mutationOptions({
      onSuccess: async () => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.operatorTenants.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.operatorInsights.pathKey() }),
        ]);
        onClose();
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = amount.trim();
    if (!amountPattern.test(trimmed)) {
      setProblem({ field: "amount", message: t.operator.detail.amountInvalid });
    } else if (/^-?[0.]+$/.test(trimmed)) {
      setProblem({ field: "amount", message: t.operator.detail.amountZero });
    } else if (!reason.trim()) {
      setProblem({ field: "reason", message: t.operator.detail.reasonRequired });
    } else {
      setProblem(undefined);
      credit.mutate({ tenantId, amount: trimmed, reason: reason.trim(), idempotencyKey });
    }
  };
  return (
    <Modal title={t.operator.detail.creditTitle} onClose={onClose} locked={credit.isPending}>
      <form onSubmit={submit} className="space-y-4" noValidate>
        <label className="block text-sm">
          <span className="mb-1.5 block text-slate-300">{t.operator.detail.amount}</span>
          <input
            className={inputClass}
            inputMode="decimal"
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
            placeholder="2.00"
            aria-invalid={problem?.field === "amount"}
            aria-describedby="credit-amount-error"
          />
          <span className="mt-1 block text-xs text-slate-500">{t.operator.detail.amountHint}</span>
        </label>
        <FieldError
          id="credit-amount-error"
          message={problem?.field === "amount" ? problem.message : undefined}
        />
        <label className="block text-sm">
          <span className="mb-1.5 block text-slate-300">{t.operator.detail.reason}</span>
          <input
            className={inputClass}
            value={reason}
            maxLength={500}
            onChange={(event) => setReason(event.target.value)}
            placeholder={t.operator.detail.reasonPlaceholder}
            aria-invalid={problem?.field === "reason"}
            aria-describedby="credit-reason-error"
          />
        </label>
        <FieldError
          id="credit-reason-error"
          message={problem?.field === "reason" ? problem.message : undefined}
        />
        <FieldError
          id="credit-error"
          message={credit.isError ? errorMessage(credit.error, t.auth.errors.generic) : undefined}
        />
        <div className="flex justify-end gap-2">
          <button type="button" className={buttonSecondary} onClick={onClose}>
            {t.common.cancel}
          </button>
          <button type="submit" className={buttonPrimary} disabled={credit.isPending}>
            {credit.isPending ? t.operator.detail.posting : t.operator.detail.submitCredit}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function StatusDialog({
  tenantId,
  status,
  onClose,
}: {
  tenantId: string;
  status: "ACTIVE" | "SUSPENDED";
  onClose: () => void;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const suspending = status === "ACTIVE";
  const change = useMutation(
    trpc.operatorTenants.setStatus.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.operatorTenants.pathKey() });
        onClose();
      },
    }),
  );
  return (
    <Modal
      title={suspending ? t.operator.detail.suspendTitle : t.operator.detail.reactivateTitle}
      onClose={onClose}
      locked={change.isPending}
    >
      <p className="text-sm text-slate-300">
        {suspending ? t.operator.detail.suspendBody : t.operator.detail.reactivateBody}
      </p>
      <FieldError
        id="status-error"
        message={change.isError ? errorMessage(change.error, t.auth.errors.generic) : undefined}
      />
      <div className="mt-5 flex justify-end gap-2">
        <button type="button" className={buttonSecondary} onClick={onClose}>
          {t.common.cancel}
        </button>
        <button
          type="button"
          className={suspending ? buttonDanger : buttonPrimary}
          disabled={change.isPending}
          onClick={() => change.mutate({ tenantId, status: suspending ? "SUSPENDED" : "ACTIVE" })}
        >
          {suspending ? t.operator.detail.suspend : t.operator.detail.reactivate}
        </button>
      </div>
    </Modal>
  );
}
