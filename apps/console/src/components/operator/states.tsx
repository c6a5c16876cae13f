"use client";
import { useI18n } from "@/i18n/client.tsx";

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
