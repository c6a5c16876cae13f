import type { ReactNode } from "react";

// Shared class names and small presentational pieces; no client state here, so both server and
// client components can use them.

export const buttonPrimary =
  "inline-flex items-center justify-center gap-2 rounded-lg bg-indigo-500 px-4 py-2 text-sm font-medium text-white transition hover:bg-indigo-400 disabled:cursor-not-allowed disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-400";
export const buttonSecondary =
  "inline-flex items-center justify-center gap-2 rounded-lg border border-white/10 bg-white/5 px-4 py-2 text-sm font-medium text-slate-200 transition hover:border-white/20 hover:bg-white/10 disabled:cursor-not-allowed disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-400";
export const buttonDanger =
  "inline-flex items-center justify-center gap-2 rounded-lg bg-rose-500 px-4 py-2 text-sm font-medium text-white transition hover:bg-rose-400 disabled:cursor-not-allowed disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-rose-400";
export const inputClass =
  "block w-full rounded-lg border border-white/10 bg-slate-900/70 px-3 py-2 text-sm text-slate-100 placeholder:text-slate-500 focus:border-indigo-400 focus:outline-none focus:ring-2 focus:ring-indigo-400/30 aria-[invalid=true]:border-rose-400/60";
export const cardClass = "rounded-2xl border border-white/10 bg-white/[0.03] p-5 sm:p-6";

export function PageHeader({
  title,
  lead,
  actions,
}: {
  title: string;
  lead?: string;
  actions?: ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-4">
      <div className="min-w-0">
        <h1 className="text-2xl font-semibold tracking-tight text-white">{title}</h1>
        {lead && <p className="mt-1 max-w-2xl text-sm text-slate-400">{lead}</p>}
      </div>
      {actions}
    </div>
  );
}

export function EmptyState({
  title,
  body,
  action,
}: {
  title: string;
  body: string;
  action?: ReactNode;
}) {
  return (
    <div className="grid place-items-center rounded-2xl border border-dashed border-white/15 px-6 py-12 text-center">
      <h3 className="font-medium text-slate-200">{title}</h3>
      <p className="mt-2 max-w-md text-sm leading-6 text-slate-400">{body}</p>
      {action && <div className="mt-5">{action}</div>}
    </div>
  );
}

export function ErrorState({
  title,
  body,
  action,
}: {
  title: string;
  body: string;
  action?: ReactNode;
}) {
  return (
    <div role="alert" className="rounded-2xl border border-rose-400/20 bg-rose-500/[0.07] p-6">
      <h3 className="font-medium text-rose-200">{title}</h3>
      <p className="mt-2 max-w-2xl text-sm leading-6 text-rose-100/70">{body}</p>
      {action && <div className="mt-4">{action}</div>}
    </div>
  );
}

export function Skeleton({ className = "" }: { className?: string }) {
  return <div aria-hidden className={`animate-pulse rounded-xl bg-white/[0.05] ${className}`} />;
}

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className="mt-1.5 text-sm text-rose-300">
      {message}
    </p>
  );
}

export interface TableColumn {
  label: ReactNode;
  /** Amounts: right-aligned, as their cells are. */
  numeric?: boolean;
}

/**
 * A list as a table in a card: the header shows from md up, and below it each row lays itself out
 * as a small card (the rows' own classes), so lists work at phone width. Children are the rows.
 */
export function DataTable({
  columns,
  children,
}: {
  columns: readonly TableColumn[];
  children: ReactNode;
}) {
  return (
    <div className={`${cardClass} overflow-hidden p-0 sm:p-0`}>
      <table className="w-full text-left text-sm">
        <thead className="hidden border-b border-white/10 text-xs text-slate-500 md:table-header-group">
          <tr>
            {columns.map((column, i) => (
              <th
                // Columns are fixed per table: their position is their identity.
                key={i}
                className={`px-5 py-3 font-medium${column.numeric ? " text-right" : ""}`}
              >
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-white/5">{children}</tbody>
      </table>
    </div>
  );
}

/** A dashboard-shaped placeholder (three stat cards over a chart) while a page loads. */
export function DashboardSkeleton() {
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-3">
        <Skeleton className="h-28" />
        <Skeleton className="h-28" />
        <Skeleton className="h-28" />
      </div>
      <Skeleton className="h-72" />
    </>
  );
}
