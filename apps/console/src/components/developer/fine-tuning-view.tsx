"use client";
// The workspace's files and fine-tuning jobs, as the proxy recorded them: what each job trained
// and cost (or holds while it runs), and how much of the storage quota the files take.
import { useQuery } from "@tanstack/react-query";
import { useMoney } from "@/components/shared/money.tsx";
import { LoadingRows, QueryError } from "@/components/shared/query-states.tsx";
import { cardClass, DataTable, EmptyState, PageHeader } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";

const cell = "block px-5 py-1 md:table-cell md:py-3";

/** Bytes in binary units with one decimal: "1.5 MiB". */
export function bytesText(bytes: bigint): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let unit = 0;
  let scaled = bytes * 10n;
  while (scaled >= 10_240n && unit < units.length - 1) {
    scaled /= 1024n;
    unit += 1;
  }
  const whole = scaled / 10n;
  const tenth = scaled % 10n;
  return unit === 0 ? `${bytes} B` : `${whole}${tenth > 0n ? `.${tenth}` : ""} ${units[unit]}`;
}

export function FineTuningView({ tenantId }: { tenantId: string }) {
  const { t, locale } = useI18n();
  const { format: money } = useMoney();
  const f = t.fineTuning;
  const trpc = useTRPC();
  const list = useQuery(trpc.fineTuning.list.queryOptions({ tenantId }));
  const date = (value: Date) =>
    value.toLocaleString(locale === "zh" ? "zh-CN" : "en", {
      dateStyle: "medium",
      timeStyle: "short",
    });

  const header = <PageHeader title={f.title} lead={f.lead} />;
  if (list.isPending) {
    return (
      <div className="space-y-6">
        {header}
        <LoadingRows rows={3} className="h-16" />
      </div>
    );
  }
  if (list.isError) {
    return (
      <div className="space-y-6">
        {header}
        <QueryError retry={() => void list.refetch()} />
      </div>
    );
  }
  const { storage, files, jobs } = list.data;
  return (
    <div className="space-y-8">
      {header}
      <section className={cardClass} aria-labelledby="storage">
        <h2 id="storage" className="text-sm font-medium text-slate-400">
          {f.storage}
        </h2>
        <p className="mt-2 font-mono text-xl text-white" data-testid="storage-used">
          {f.storageOf(bytesText(storage.used), bytesText(storage.quota))}
        </p>
      </section>

      <section className="space-y-3" aria-labelledby="jobs">
        <h2 id="jobs" className="font-semibold text-white">
          {f.jobs}
        </h2>
        {jobs.length === 0 ? (
          <EmptyState title={f.noJobs} body={f.noJobsBody} />
        ) : (
          <DataTable
            columns={[
              { label: f.job },
              { label: f.model },
              { label: f.status },
              { label: f.trainedTokens, numeric: true },
              { label: f.cost, numeric: true },
            ]}
          >
            {jobs.map((job) => (
              <tr key={job.id} data-testid="job-row" className="block py-2 md:table-row md:py-0">
                <td className={cell}>
                  <span className="font-mono text-xs text-slate-200">{job.id}</span>
                  {job.fineTunedModel && (
                    <span className="mt-1 block font-mono text-xs text-indigo-300">
                      {job.fineTunedModel}
                    </span>
                  )}
                  <span className="mt-1 block text-xs text-slate-500">{date(job.createdAt)}</span>
                </td>
                <td className={`${cell} text-slate-300`}>{job.model}</td>
                <td className={`${cell} text-slate-300`}>{f.statuses[job.status] ?? job.status}</td>
                <td className={`${cell} text-right font-mono tabular-nums text-slate-200`}>
                  {job.trainedTokens === null ? "—" : job.trainedTokens.toLocaleString()}
                </td>
                <td className={`${cell} text-right font-mono tabular-nums text-slate-200`}>
                  {job.charged === null ? f.heldNote(money(job.held)) : money(job.charged)}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      <section className="space-y-3" aria-labelledby="files">
        <h2 id="files" className="font-semibold text-white">
          {f.files}
        </h2>
        {files.length === 0 ? (
          <EmptyState title={f.noFiles} body={f.noFilesBody} />
        ) : (
          <DataTable
            columns={[
              { label: f.filename },
              { label: f.purpose },
              { label: f.size, numeric: true },
              { label: f.created },
            ]}
          >
            {files.map((file) => (
              <tr key={file.id} data-testid="file-row" className="block py-2 md:table-row md:py-0">
                <td className={cell}>
                  <span className="text-slate-100">{file.filename}</span>
                  <span className="mt-1 block font-mono text-xs text-slate-500">{file.id}</span>
                </td>
                <td className={`${cell} text-slate-300`}>{file.purpose}</td>
                <td className={`${cell} text-right font-mono tabular-nums text-slate-200`}>
                  {bytesText(file.bytes)}
                </td>
                <td className={`${cell} text-slate-400`}>{date(file.createdAt)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
    </div>
  );
}
