"use client";
import { buttonSecondary, ErrorState, Skeleton } from "@/components/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";

/** Placeholder rows while a query loads. */
export function LoadingRows({
  rows = 3,
  className = "h-12",
}: {
  rows?: number;
  className?: string;
}) {
  return (
    <div className="space-y-2" aria-busy>
      {Array.from({ length: rows }, (_, index) => (
        <Skeleton key={index} className={className} />
      ))}
    </div>
  );
}

/** A failed query, with a retry. */
export function QueryError({ retry }: { retry: () => void }) {
  const { t } = useI18n();
  return (
    <ErrorState
      title={t.common.errorTitle}
      body={t.common.errorBody}
      action={
        <button type="button" onClick={retry} className={buttonSecondary}>
          {t.common.retry}
        </button>
      }
    />
  );
}

export function StatusBadge({ status }: { status: "ACTIVE" | "SUSPENDED" }) {
  const { t } = useI18n();
  return (
    <span
      className={`inline-flex rounded-md px-1.5 py-0.5 text-xs font-medium ring-1 ${
        status === "ACTIVE"
          ? "bg-emerald-400/10 text-emerald-300 ring-emerald-300/20"
          : "bg-rose-400/10 text-rose-300 ring-rose-300/20"
      }`}
    >
      {t.operator.statuses[status]}
    </span>
  );
}

/** A tRPC error's message for a form: the zod field message when there is one. */
export function errorMessage(error: unknown, fallback: string): string {
  if (error && typeof error === "object" && "data" in error) {
    const data = (error as { data?: { fieldErrors?: Record<string, string[] | undefined> | null } })
      .data;
    const first = Object.values(data?.fieldErrors ?? {}).find((messages) => messages?.length);
    if (first?.[0]) return first[0];
  }
  if (error instanceof Error && error.message) return error.message;
  return fallback;
}
