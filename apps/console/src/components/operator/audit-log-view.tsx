"use client";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useDeferredValue, useState } from "react";
import { LoadingRows, LoadMore, QueryError } from "@/components/shared/query-states.tsx";
import { DataTable, EmptyState, inputClass, PageHeader } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import { AuditDetails } from "./audit-details.tsx";

const families = [
  "ledger",
  "tenant",
  "api_key",
  "channel",
  "price",
  "price_group",
  "redemption",
  "member",
  "model",
] as const;

export function AuditLogView({
  initialTenantId,
  initialActor,
}: {
  initialTenantId?: string;
  initialActor?: string;
}) {
  const { t, lang } = useI18n();
  const trpc = useTRPC();
  const [family, setFamily] = useState("");
  const [tenantId, setTenantId] = useState(initialTenantId ?? "");
  const [tenantSearch, setTenantSearch] = useState("");
  const [actor, setActor] = useState(initialActor ?? "");
  const deferredActor = useDeferredValue(actor.trim());
  const deferredTenantSearch = useDeferredValue(tenantSearch.trim());
  // The tenant picker shows one page of matches; the search narrows it past the first page.
  const tenants = useQuery(
    trpc.operatorTenants.list.queryOptions({
      search: deferredTenantSearch || undefined,
      limit: 100,
    }),
  );
  const log = useInfiniteQuery(
    trpc.operatorInsights.auditLog.infiniteQueryOptions(
      {
        action: family ? `${family}.` : undefined,
        tenantId: tenantId || undefined,
        actor: deferredActor || undefined,
        limit: 50,
      },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const date = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "medium" });
  const rows = log.data?.pages.flatMap((page) => page.items) ?? [];
  const tenantOptions = tenants.data?.items ?? [];
  // The chosen tenant stays selectable when a later search no longer lists it.
  const chosenName =
    rows.find((row) => row.tenantId === tenantId)?.tenant?.name ??
    tenantOptions.find((tenant) => tenant.id === tenantId)?.name;

  return (
    <div className="space-y-6">
      <PageHeader title={t.operator.audit.title} lead={t.operator.audit.lead} />
      <div className="flex flex-col flex-wrap gap-2 sm:flex-row">
        <select
          className={`${inputClass} sm:max-w-60`}
          value={family}
          onChange={(event) => setFamily(event.target.value)}
          aria-label={t.operator.audit.action}
        >
          <option value="">{t.operator.audit.anyAction}</option>
          {families.map((f) => (
            <option key={f} value={f}>
              {t.operator.audit.families[f]}
            </option>
          ))}
        </select>
        <input
          type="search"
          className={`${inputClass} sm:max-w-64`}
          value={actor}
          onChange={(event) => setActor(event.target.value)}
          placeholder={t.operator.audit.actorPlaceholder}
          aria-label={t.operator.audit.actor}
          data-testid="audit-actor"
        />
        <input
          type="search"
          className={`${inputClass} sm:max-w-48`}
          value={tenantSearch}
          onChange={(event) => setTenantSearch(event.target.value)}
          placeholder={t.operator.audit.tenantSearch}
          aria-label={t.operator.audit.tenantSearch}
        />
        <select
          className={`${inputClass} sm:max-w-xs`}
          value={tenantId}
          onChange={(event) => setTenantId(event.target.value)}
          aria-label={t.operator.audit.tenant}
        >
          <option value="">{t.operator.audit.anyTenant}</option>
          {tenantId && !tenantOptions.some((tenant) => tenant.id === tenantId) && (
            <option value={tenantId}>{chosenName ?? tenantId}</option>
          )}
          {tenantOptions.map((tenant) => (
            <option key={tenant.id} value={tenant.id}>
              {tenant.name} ({tenant.slug})
            </option>
          ))}
        </select>
      </div>
      {log.isPending ? (
        <LoadingRows rows={6} />
      ) : log.isError ? (
        <QueryError retry={() => void log.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={t.operator.audit.emptyTitle} body={t.operator.audit.emptyBody} />
      ) : (
        <DataTable
          columns={[
            { label: t.operator.audit.when },
            { label: t.operator.audit.who },
            { label: t.operator.audit.action },
            { label: t.operator.audit.tenant },
            { label: t.operator.audit.details },
          ]}
        >
          {rows.map((row) => (
            <tr
              key={row.id.toString()}
              data-testid="audit-row"
              className="grid grid-cols-2 gap-x-4 gap-y-1 px-5 py-3 md:table-row md:p-0"
            >
              <td className="text-xs whitespace-nowrap text-slate-400 md:px-5 md:py-3 md:text-sm">
                {date.format(row.createdAt)}
              </td>
              <td className="truncate text-right text-slate-300 md:px-5 md:py-3 md:text-left">
                <button
                  type="button"
                  className="hover:text-indigo-300"
                  title={t.operator.audit.filterByActor}
                  onClick={() => setActor(row.actorLabel)}
                >
                  {row.actorLabel}
                </button>
              </td>
              <td className="font-mono text-xs text-amber-200 md:px-5 md:py-3">{row.action}</td>
              <td className="text-right md:px-5 md:py-3 md:text-left">
                {row.tenant && row.tenantId ? (
                  <Link
                    href={`/operator/tenants/${row.tenantId}`}
                    className="text-slate-200 hover:text-indigo-300"
                  >
                    {row.tenant.name}
                  </Link>
                ) : (
                  <span className="text-slate-500">—</span>
                )}
              </td>
              <td className="col-span-2 md:px-5 md:py-3">
                <AuditDetails action={row.action} data={row.data} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <LoadMore
        query={log}
        label={t.operator.detail.loadMore}
        end={rows.length > 0 ? t.operator.audit.end : undefined}
      />
    </div>
  );
}
