"use client";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { CopyButton } from "@/components/shared/copy-button.tsx";
import { isUsd } from "@/components/shared/format.ts";
import { Modal } from "@/components/shared/modal.tsx";
import { Money } from "@/components/shared/money.tsx";
import { LoadingRows, LoadMore, QueryError } from "@/components/shared/query-states.tsx";
import {
  buttonPrimary,
  buttonSecondary,
  cardClass,
  EmptyState,
  FieldError,
  inputClass,
  PageHeader,
} from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";

type StateFilter = "ACTIVE" | "REDEEMED" | "DISABLED" | "EXPIRED";

function download(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  URL.revokeObjectURL(url);
}

export function CodesView() {
  const { t, lang } = useI18n();
  const c = t.catalog.codes;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [batchId, setBatchId] = useState("");
  const [state, setState] = useState<StateFilter | "">("");
  const [generating, setGenerating] = useState(false);
  const [notice, setNotice] = useState<string>();
  const batches = useQuery(trpc.operatorCodes.batches.queryOptions());
  const filter = { batchId: batchId || undefined, state: state || undefined, limit: 50 };
  const codes = useInfiniteQuery(
    trpc.operatorCodes.list.infiniteQueryOptions(filter, {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
    }),
  );
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.operatorCodes.batches.queryKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.operatorCodes.list.pathKey() });
  };
  const disable = useMutation(trpc.operatorCodes.disable.mutationOptions({ onSettled: refresh }));
  const exportCsv = useMutation(
    trpc.operatorCodes.export.mutationOptions({
      onSuccess: (file) => download(file.filename, file.csv),
    }),
  );
  const date = (d: Date | null) => (d ? d.toLocaleString(lang) : "—");
  const rows = codes.data?.pages.flatMap((p) => p.rows) ?? [];
  const now = Date.now();
  const generateButton = (
    <button type="button" className={buttonPrimary} onClick={() => setGenerating(true)}>
      {c.generate}
    </button>
  );

  return (
    <div className="space-y-6">
      <PageHeader title={c.title} lead={c.lead} actions={generateButton} />
      {notice && (
        <p
          role="status"
          data-testid="codes-notice"
          className="rounded-lg bg-emerald-500/10 px-3 py-2 text-sm text-emerald-200"
        >
          {notice}
        </p>
      )}
      <section className={cardClass}>
        <h2 className="font-semibold text-white">{c.batchesTitle}</h2>
        {batches.isPending ? (
          <div className="mt-3">
            <LoadingRows rows={2} />
          </div>
        ) : batches.isError ? (
          <QueryError retry={() => void batches.refetch()} />
        ) : batches.data.length === 0 ? (
          <p className="mt-2 text-sm text-slate-400">{c.noBatches}</p>
        ) : (
          <ul className="mt-2 divide-y divide-white/5">
            {batches.data.map((b) => (
              <li
                key={b.batchId}
                data-testid="code-batch"
                className="flex flex-wrap items-center gap-x-4 gap-y-1 py-2 text-sm"
              >
                <button
                  type="button"
                  className="font-mono text-indigo-300 hover:text-indigo-200"
                  onClick={() => setBatchId(b.batchId)}
                >
                  {b.batchId}
                </button>
                <span className="text-slate-200">
                  <Money micros={b.amount} />
                </span>
                <span className="text-slate-400">
                  {c.redeemedCount(b.redeemed.toLocaleString(lang), b.total.toLocaleString(lang))}
                </span>
                <span className="text-xs text-slate-500">
                  {c.expires}: {date(b.expiresAt)}
                </span>
                <button
                  type="button"
                  className={`${buttonSecondary} ml-auto`}
                  disabled={exportCsv.isPending}
                  onClick={() => exportCsv.mutate({ batchId: b.batchId })}
                >
                  {c.export}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <div className="flex flex-wrap gap-3">
        <label className="text-sm">
          <span className="sr-only">{c.batch}</span>
          <select
            className={inputClass}
            aria-label={c.batch}
            value={batchId}
            onChange={(e) => setBatchId(e.target.value)}
          >
            <option value="">{c.allBatches}</option>
            {batches.data?.map((b) => (
              <option key={b.batchId} value={b.batchId}>
                {b.batchId}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="sr-only">{c.state}</span>
          <select
            className={inputClass}
            aria-label={c.state}
            value={state}
            onChange={(e) => setState(e.target.value as StateFilter | "")}
          >
            <option value="">{c.allStates}</option>
            {(["ACTIVE", "REDEEMED", "DISABLED", "EXPIRED"] as const).map((s) => (
              <option key={s} value={s}>
                {c.states[s]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {codes.isPending ? (
        <LoadingRows rows={4} />
      ) : codes.isError ? (
        <QueryError retry={() => void codes.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={c.emptyTitle} body={c.emptyBody} action={generateButton} />
      ) : (
        <div className="overflow-x-auto rounded-2xl border border-white/10">
          <table className="w-full min-w-[720px] whitespace-nowrap text-left text-sm">
            <thead className="bg-white/[0.03] text-xs text-slate-400">
              <tr>
                <th className="px-3 py-2 font-medium">{c.code}</th>
                <th className="px-3 py-2 font-medium">{c.batch}</th>
                <th className="px-3 py-2 font-medium">{c.value}</th>
                <th className="px-3 py-2 font-medium">{c.state}</th>
                <th className="px-3 py-2 font-medium">{c.expires}</th>
                <th className="px-3 py-2 font-medium">{c.redeemedBy}</th>
                <th className="px-3 py-2" />
              </tr>
            </thead>
            <tbody className="divide-y divide-white/5">
              {rows.map((row) => {
                const shown: StateFilter =
                  row.state === "ACTIVE" && row.expiresAt && row.expiresAt.getTime() <= now
                    ? "EXPIRED"
                    : row.state;
                return (
                  <tr key={row.id} data-testid="code-row">
                    <td className="px-3 py-2">
                      <span className="flex items-center gap-2">
                        <span className="font-mono text-slate-100" data-testid="code-value">
                          {row.code}
                        </span>
                        <CopyButton
                          value={row.code}
                          label={t.fixes.copyCode}
                          copiedLabel={t.fixes.copied}
                        />
                      </span>
                    </td>
                    <td className="px-3 py-2 font-mono text-xs text-slate-400">{row.batchId}</td>
                    <td className="px-3 py-2 text-slate-200">
                      <Money micros={row.amount} />
                    </td>
                    <td className="px-3 py-2 text-slate-300">{c.states[shown]}</td>
                    <td className="px-3 py-2 text-xs text-slate-400">{date(row.expiresAt)}</td>
                    <td className="px-3 py-2 text-xs text-slate-400">
                      {row.redeemedByTenant ? (
                        <>
                          {row.redeemedByTenant.name}
                          <br />
                          {date(row.redeemedAt)}
                        </>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td className="px-3 py-2 text-right">
                      {shown === "ACTIVE" && (
                        <button
                          type="button"
                          className="text-sm text-rose-300 hover:text-rose-200"
                          disabled={disable.isPending}
                          onClick={() => disable.mutate({ codeId: row.id })}
                        >
                          {c.disable}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore query={codes} label={c.loadMore} />
      {generating && (
        <GenerateForm
          onClose={() => setGenerating(false)}
          onDone={async (count, batch) => {
            setGenerating(false);
            setBatchId(batch);
            setNotice(c.generated(count.toLocaleString(lang), batch));
            await refresh();
          }}
        />
      )}
    </div>
  );
}

function GenerateForm({
  onClose,
  onDone,
}: {
  onClose: () => void;
  onDone: (count: number, batchId: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const c = t.catalog.codes;
  const trpc = useTRPC();
  const generate = useMutation(
    trpc.operatorCodes.generate.mutationOptions({
      onSuccess: (batch) => onDone(batch.count, batch.batchId),
    }),
  );
  const [amount, setAmount] = useState("");
  const [count, setCount] = useState("10");
  const [expires, setExpires] = useState("");
  const [errors, setErrors] = useState<{ amount?: string; count?: string; expires?: string }>({});

  function submit(event: FormEvent) {
    event.preventDefault();
    const next: typeof errors = {};
    if (!isUsd(amount) || /^0*(\.0*)?$/.test(amount.trim())) next.amount = c.errors.amount;
    const n = Number(count);
    if (!/^\d+$/.test(count.trim()) || n < 1 || n > 1000) next.count = c.errors.count;
    const expiresAt = expires ? new Date(expires) : undefined;
    if (expiresAt && !(expiresAt.getTime() > Date.now())) next.expires = c.errors.expiry;
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    generate.mutate({ amount: amount.trim(), count: n, expiresAt });
  }

  return (
    <Modal title={c.generateTitle} onClose={onClose} locked={generate.isPending}>
      <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
        <label className="block text-sm">
          <span className="text-slate-300">{c.amount}</span>
          <input
            className={`${inputClass} mt-1.5 font-mono`}
            inputMode="decimal"
            value={amount}
            placeholder="5.00"
            aria-invalid={Boolean(errors.amount)}
            onChange={(e) => setAmount(e.target.value)}
          />
          <FieldError id="codes-amount-error" message={errors.amount} />
        </label>
        <label className="block text-sm">
          <span className="text-slate-300">{c.count}</span>
          <input
            className={`${inputClass} mt-1.5 font-mono`}
            inputMode="numeric"
            value={count}
            aria-invalid={Boolean(errors.count)}
            onChange={(e) => setCount(e.target.value)}
          />
          <FieldError id="codes-count-error" message={errors.count} />
        </label>
        <label className="block text-sm sm:col-span-2">
          <span className="text-slate-300">{c.expiresAt}</span>
          <input
            type="datetime-local"
            className={`${inputClass} mt-1.5`}
            value={expires}
            aria-invalid={Boolean(errors.expires)}
            onChange={(e) => setExpires(e.target.value)}
          />
          <FieldError id="codes-expires-error" message={errors.expires} />
        </label>
        <FieldError
          id="codes-server-error"
          message={generate.error ? c.errors.generic : undefined}
        />
        <div className="flex justify-end gap-2 sm:col-span-2">
          <button type="button" className={buttonSecondary} onClick={onClose}>
            {t.common.cancel}
          </button>
          <button type="submit" className={buttonPrimary} disabled={generate.isPending}>
            {c.generate}
          </button>
        </div>
      </form>
    </Modal>
  );
}
