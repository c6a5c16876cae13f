import type { Messages } from "@/i18n/messages/index.ts";

/** Shown to every member of a suspended tenant, with the reason the operator gave. */
export function SuspendedBanner({ reason, t }: { reason: string | null; t: Messages }) {
  return (
    <div
      role="alert"
      data-testid="suspended-banner"
      className="rounded-2xl border border-rose-400/30 bg-rose-500/[0.08] px-5 py-4"
    >
      <p className="font-medium text-rose-200">{t.shell.suspendedTitle}</p>
      <p className="mt-1 text-sm leading-6 text-rose-100/80">{t.shell.suspendedBody}</p>
      {reason && (
        <p className="mt-2 text-sm text-rose-100">
          <span className="text-rose-200/80">{t.shell.suspendedReason}:</span>{" "}
          <span data-testid="suspended-reason">{reason}</span>
        </p>
      )}
    </div>
  );
}
