"use client";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Modal } from "@/components/shared/modal.tsx";
import { LoadingRows, LoadMore, QueryError } from "@/components/shared/query-states.tsx";
import { buttonSecondary, DataTable, EmptyState, PageHeader } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";

interface Delivery {
  transport: string;
  sentAt: Date | null;
  error: string | null;
}

/** Sent, failed, not delivered yet, or kept in the outbox (no SMTP configured). */
function DeliveryBadge({ message, date }: { message: Delivery; date: Intl.DateTimeFormat }) {
  const { t } = useI18n();
  const [label, tone] =
    message.transport !== "smtp"
      ? [t.mail.outbox.kept, "bg-slate-400/10 text-slate-300 ring-slate-300/20"]
      : message.sentAt
        ? [t.mail.outbox.sent, "bg-emerald-400/10 text-emerald-200 ring-emerald-300/20"]
        : message.error
          ? [t.mail.outbox.failed, "bg-rose-400/10 text-rose-200 ring-rose-300/20"]
          : [t.mail.outbox.sending, "bg-amber-400/10 text-amber-200 ring-amber-300/20"];
  return (
    <span
      title={
        message.sentAt ? t.mail.outbox.sentAt(date.format(message.sentAt)) : (message.error ?? "")
      }
      className={`inline-block rounded-full px-2 py-0.5 text-xs ring-1 ${tone}`}
    >
      {label}
    </span>
  );
}

/** Every email the platform wrote, newest first; a row opens the message's text. */
export function OutboxView() {
  const { t, lang } = useI18n();
  const trpc = useTRPC();
  const [reading, setReading] = useState<string>();
  const outbox = useInfiniteQuery(
    trpc.operatorOutbox.list.infiniteQueryOptions(
      { limit: 50 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const date = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "medium" });
  const rows = outbox.data?.pages.flatMap((page) => page.items) ?? [];
  const kind = (value: string) => t.mail.outbox.kinds[value] ?? value;

  return (
    <div className="space-y-6">
      <PageHeader title={t.mail.outbox.title} lead={t.mail.outbox.lead} />
      {outbox.isPending ? (
        <LoadingRows rows={6} />
      ) : outbox.isError ? (
        <QueryError retry={() => void outbox.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={t.mail.outbox.emptyTitle} body={t.mail.outbox.emptyBody} />
      ) : (
        <DataTable
          columns={[
            { label: t.mail.outbox.created },
            { label: t.mail.outbox.kind },
            { label: t.mail.outbox.to },
            { label: t.mail.outbox.subject },
            { label: t.mail.outbox.transport },
            { label: t.mail.outbox.status },
          ]}
        >
          {rows.map((row) => (
            <tr
              key={row.id}
              data-testid="outbox-row"
              className="grid grid-cols-2 gap-x-4 gap-y-1 px-5 py-3 md:table-row md:p-0"
            >
              <td className="text-xs whitespace-nowrap text-slate-400 md:px-5 md:py-3 md:text-sm">
                {date.format(row.createdAt)}
              </td>
              <td className="text-right text-xs whitespace-nowrap text-amber-200 md:px-5 md:py-3 md:text-left">
                {kind(row.kind)}
              </td>
              <td className="col-span-2 truncate text-slate-300 md:max-w-56 md:px-5 md:py-3">
                {row.to}
              </td>
              <td className="col-span-2 md:px-5 md:py-3">
                <button
                  type="button"
                  onClick={() => setReading(row.id)}
                  title={t.mail.outbox.read}
                  className="text-left text-slate-100 hover:text-indigo-300"
                >
                  {row.subject}
                </button>
              </td>
              <td className="text-xs whitespace-nowrap text-slate-400 md:px-5 md:py-3">
                {t.mail.outbox.transports[row.transport] ?? row.transport}
              </td>
              <td className="text-right whitespace-nowrap md:px-5 md:py-3 md:text-left">
                <DeliveryBadge message={row} date={date} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <LoadMore
        query={outbox}
        label={t.mail.outbox.loadMore}
        end={rows.length > 0 ? t.mail.outbox.end : undefined}
      />
      {reading && <MessageDialog id={reading} onClose={() => setReading(undefined)} />}
    </div>
  );
}

function MessageDialog({ id, onClose }: { id: string; onClose: () => void }) {
  const { t, lang } = useI18n();
  const trpc = useTRPC();
  const message = useQuery(trpc.operatorOutbox.get.queryOptions({ id }));
  const date = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "medium" });
  return (
    <Modal title={message.data?.subject ?? t.mail.outbox.subject} onClose={onClose}>
      {message.isPending ? (
        <LoadingRows rows={3} />
      ) : message.isError ? (
        <QueryError retry={() => void message.refetch()} />
      ) : (
        <div className="space-y-4 text-sm">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            <dt className="text-slate-500">{t.mail.outbox.to}</dt>
            <dd className="break-all text-slate-200">{message.data.to}</dd>
            <dt className="text-slate-500">{t.mail.outbox.kind}</dt>
            <dd className="text-slate-200">
              {t.mail.outbox.kinds[message.data.kind] ?? message.data.kind}
            </dd>
            <dt className="text-slate-500">{t.mail.outbox.created}</dt>
            <dd className="text-slate-200">{date.format(message.data.createdAt)}</dd>
            {message.data.tenant && (
              <>
                <dt className="text-slate-500">{t.mail.outbox.tenant}</dt>
                <dd>
                  <Link
                    href={`/operator/tenants/${message.data.tenant.id}`}
                    className="text-slate-200 hover:text-indigo-300"
                  >
                    {message.data.tenant.name}
                  </Link>
                </dd>
              </>
            )}
            <dt className="text-slate-500">{t.mail.outbox.status}</dt>
            <dd>
              <DeliveryBadge message={message.data} date={date} />
            </dd>
            {message.data.error && (
              <>
                <dt className="text-slate-500">{t.mail.outbox.error}</dt>
                <dd className="break-all font-mono text-xs text-rose-300">{message.data.error}</dd>
              </>
            )}
          </dl>
          <pre
            data-testid="outbox-text"
            className="max-h-96 overflow-auto rounded-lg border border-white/10 bg-slate-950/60 p-3 font-mono text-xs leading-5 whitespace-pre-wrap text-slate-200"
          >
            {message.data.text}
          </pre>
          <div className="flex justify-end">
            <button type="button" onClick={onClose} className={buttonSecondary}>
              {t.common.close}
            </button>
          </div>
        </div>
      )}
    </Modal>
  );
}
