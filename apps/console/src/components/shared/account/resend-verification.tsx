"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { buttonSecondary } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";

/** "Resend verification email", with what became of it. */
export function ResendVerification() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const resend = useMutation(trpc.account.resendVerification.mutationOptions());
  const tooSoon =
    resend.error instanceof TRPCClientError && resend.error.data?.code === "TOO_MANY_REQUESTS";
  return (
    <div className="mt-3 flex flex-wrap items-center gap-3">
      <button
        type="button"
        disabled={resend.isPending || resend.isSuccess}
        onClick={() => resend.mutate()}
        className={buttonSecondary}
      >
        {resend.isPending ? t.account.resending : t.account.resend}
      </button>
      {resend.isSuccess && (
        <span role="status" className="text-sm text-emerald-300">
          {t.account.resent}
        </span>
      )}
      {resend.isError && (
        <span role="alert" className="text-sm text-rose-300">
          {tooSoon ? t.account.resendTooSoon : t.auth.errors.generic}
        </span>
      )}
    </div>
  );
}

/** Shown where top-ups are, until the email is verified. */
export function VerifyEmailNotice() {
  const { t } = useI18n();
  return (
    <div
      data-testid="verify-email-notice"
      className="rounded-2xl border border-amber-300/25 bg-amber-400/10 p-4"
    >
      <p className="font-medium text-amber-100">{t.account.unverifiedTitle}</p>
      <p className="mt-1 text-sm text-amber-100/80">{t.account.unverifiedBody}</p>
      <ResendVerification />
    </div>
  );
}

/** The notice, for the signed-in person while their email is unverified; nothing otherwise. */
export function UnverifiedEmailNotice() {
  const trpc = useTRPC();
  const security = useQuery(trpc.account.security.queryOptions());
  return security.data && !security.data.emailVerified ? <VerifyEmailNotice /> : null;
}
