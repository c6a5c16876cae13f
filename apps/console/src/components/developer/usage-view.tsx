"use client";
import { parseUsdInput } from "@relay/billing/money";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { Money } from "@/components/shared/money.tsx";
import { LoadingRows, LoadMore, QueryError } from "@/components/shared/query-states.tsx";
import {
  buttonSecondary,
  cardClass,
  EmptyState,
  inputClass,
  PageHeader,
} from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import { UsageCards } from "./usage-cards.tsx";

type StatusFilter = "" | "ok" | "failed";

interface Filters {
  apiKeyId: string;
  model: string;
  status: StatusFilter;
  from: string;
  to: string;
}

const noFilters: Filters = { apiKeyId: "", model: "", status: "", from: "", to: "" };

/** Form values -> procedure input; dates are whole UTC days, `to` inclusive. */
function toInput(filters: Filters) {
  return {
    apiKeyId: filters.apiKeyId || undefined,
    model: filters.model.trim() || undefined,
    statusMin: filters.status === "ok" ? 200 : filters.status === "failed" ? 400 : undefined,
    statusMax: filters.status === "ok" ? 299 : undefined,
    from: filters.from ? new Date(`${filters.from}T00:00:00Z`) : undefined,
    to: filters.to
      ? new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + 86_400_000)
      : undefined,
    limit: 50,
  };
}

export function UsageView({ tenantId, slug }: { tenantId: string; slug: string }) {
  const { t, lang } = useI18n();
  const trpc = useTRPC();
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [modelDraft, setModelDraft] = useState("");
  const keys = useQuery(trpc.apiKey.list.queryOptions({ tenantId }));
  const usage = useInfiniteQuery(
    trpc.usage.list.infiniteQueryOptions(
      { tenantId, ...toInput(filters) },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const keyNames = useMemo(
    () => new Map((keys.data ?? []).map((k) => [k.id, `${k.name} (${k.prefix}…)`])),
    [keys.data],
  );
  const rows = usage.data?.pages.flatMap((page) => page.items) ?? [];
  const number = new Intl.NumberFormat(lang);
  const time = new Intl.DateTimeFormat(lang, { dateStyle: "short", timeStyle: "medium" });
  const set = (patch: Partial<Filters>) => setFilters((current) => ({ ...current, ...patch }));
  const exportHref = useMemo(() => {
    const { limit: _limit, ...input } = toInput(filters);
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(input)) {
      if (value instanceof Date) query.set(name, value.toISOString());
      else if (value !== undefined) query.set(name, String(value));
    }
    return `/console/${slug}/usage/export?${query}`;
  }, [filters, slug]);

  return (
    <div className="space-y-6">
      <PageHeader
        title={t.usage.title}
        lead={t.usage.lead}
        actions={
          <div className="flex gap-2">
            <a href={exportHref} download className={buttonSecondary} data-testid="usage-export">
              {t.dev.usage.export}
            </a>
            <button type="button" onClick={() => void usage.refetch()} className={buttonSecondary}>
              {t.usage.refresh}
            </button>
          </div>
        }
      />

      <form
        className="grid grid-cols-2 gap-3 md:grid-cols-6"
        onSubmit={(event) => {
          event.preventDefault();
          set({ model: modelDraft });
        }}
      >
        <select
          aria-label={t.usage.key}
          value={filters.apiKeyId}
          onChange={(event) => set({ apiKeyId: event.target.value })}
          className={`${inputClass} col-span-2 md:col-span-1`}
        >
          <option value="">{t.usage.allKeys}</option>
          {(keys.data ?? []).map((key) => (
            <option key={key.id} value={key.id}>
              {key.name} ({key.prefix}…)
            </option>
          ))}
        </select>
        <input
          aria-label={t.usage.model}
          placeholder={t.usage.modelPlaceholder}
          value={modelDraft}
          onChange={(event) => setModelDraft(event.target.value)}
          onBlur={() => set({ model: modelDraft })}
          className={inputClass}
        />
        <select
          aria-label={t.usage.status}
          value={filters.status}
          onChange={(event) => set({ status: event.target.value as StatusFilter })}
          className={inputClass}
        >
          <option value="">{t.usage.anyStatus}</option>
          <option value="ok">{t.usage.success}</option>
          <option value="failed">{t.usage.failed}</option>
        </select>
        <label className="flex flex-col text-xs text-slate-500">
          <span className="mb-1">{t.usage.from}</span>
          <input
            type="date"
            value={filters.from}
            onChange={(event) => set({ from: event.target.value })}
            className={inputClass}
          />
        </label>
        <label className="flex flex-col text-xs text-slate-500">
          <span className="mb-1">{t.usage.to}</span>
          <input
            type="date"
            value={filters.to}
            onChange={(event) => set({ to: event.target.value })}
            className={inputClass}
          />
        </label>
        <button
          type="button"
          onClick={() => {
            setFilters(noFilters);
            setModelDraft("");
          }}
          className={`${buttonSecondary} self-end`}
        >
          {t.usage.reset}
        </button>
      </form>

      {usage.isPending ? (
        <LoadingRows rows={5} />
      ) : usage.isError ? (
        <QueryError retry={() => void usage.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={t.usage.emptyTitle} body={t.usage.emptyBody} />
      ) : (
        <>
          <UsageCards rows={rows} keyNames={keyNames} slug={slug} />
          <div className={`${cardClass} hidden overflow-x-auto p-0 sm:p-0 md:block`}>
            <table className="w-full min-w-[760px] text-left text-sm">
              <thead className="border-b border-white/10 text-xs text-slate-500">
                <tr>
                  <th className="px-4 py-3 font-medium">{t.usage.time}</th>
                  <th className="px-4 py-3 font-medium">{t.usage.key}</th>
                  <th className="px-4 py-3 font-medium">{t.usage.model}</th>
                  <th className="px-4 py-3 font-medium">{t.usage.status}</th>
                  <th className="px-4 py-3 text-right font-medium">{t.usage.tokens}</th>
                  <th className="px-4 py-3 text-right font-medium">{t.usage.price}</th>
                  <th className="px-4 py-3 text-right font-medium">{t.usage.latency}</th>
                  <th className="px-4 py-3 font-medium">{t.usage.requestId}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-white/5">
                {rows.map((row) => (
                  <tr key={row.id} data-testid="usage-row" className="align-top">
                    <td className="whitespace-nowrap px-4 py-3 text-slate-300">
                      {time.format(row.createdAt)}
                    </td>
                    <td
                      className="max-w-40 truncate px-4 py-3 text-slate-400"
                      title={keyNames.get(row.apiKeyId)}
                    >
                      {keyNames.get(row.apiKeyId) ?? row.apiKeyId.slice(0, 8)}
                    </td>
                    <td className="px-4 py-3 font-mono text-xs text-slate-200">{row.model}</td>
                    <td className="px-4 py-3">
                      <span
                        className={`rounded px-1.5 py-0.5 font-mono text-xs ${
                          row.status < 400
                            ? "bg-emerald-400/10 text-emerald-300"
                            : "bg-rose-400/10 text-rose-300"
                        }`}
                        title={row.errorCode ?? undefined}
                      >
                        {row.status}
                      </span>
                      {row.status >= 400 && (row.errorCode || row.errorMessage) ? (
                        <div
                          className="mt-1 max-w-56 text-[11px] text-rose-200/80"
                          data-testid="usage-error"
                        >
                          <code className="font-mono">{row.errorCode}</code>
                          {row.errorMessage ? (
                            <div className="line-clamp-2" title={row.errorMessage}>
                              {row.errorMessage}
                            </div>
                          ) : null}
                        </div>
                      ) : null}
                    </td>
                    <td className="px-4 py-3 text-right tabular-nums text-slate-300">
                      {number.format(row.promptTokens + row.completionTokens)}
                      <div className="text-[11px] text-slate-500">
                        {t.usage.tokensDetail(
                          number.format(row.promptTokens),
                          number.format(row.completionTokens),
                        )}
                      </div>
                    </td>
                    <td
                      data-testid="usage-price"
                      className="px-4 py-3 text-right font-mono text-xs tabular-nums text-slate-200"
                    >
                      <Money micros={parseUsdInput(row.price) ?? 0n} />
                    </td>
                    <td className="px-4 py-3 text-right tabular-nums text-slate-400">
                      {number.format(row.latencyMs)} ms
                    </td>
                    <td className="px-4 py-3 font-mono text-[11px]">
                      <Link
                        href={`/console/${slug}/usage/${encodeURIComponent(row.requestId)}`}
                        className="text-indigo-300 underline-offset-2 hover:underline"
                        title={t.dev.usage.details}
                      >
                        {row.requestId}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="flex justify-center">
            <LoadMore query={usage} label={t.usage.loadMore} end={t.usage.end} />
          </div>
        </>
      )}
    </div>
  );
}
