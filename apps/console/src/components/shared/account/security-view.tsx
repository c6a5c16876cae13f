"use client";
import { useQuery } from "@tanstack/react-query";
import { LoadingRows, QueryError } from "@/components/shared/query-states.tsx";
import { cardClass } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import { ResendVerification } from "./resend-verification.tsx";
import { TwoFactorCard } from "./two-factor-card.tsx";

/** The signed-in person's own account: their email (verified or not) and two-factor sign-in. */
export function SecurityView({ operatorMustEnroll }: { operatorMustEnroll: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const security = useQuery(trpc.account.security.queryOptions());
  if (security.isPending) return <LoadingRows rows={2} className="h-32" />;
  if (security.isError) return <QueryError retry={() => void security.refetch()} />;
  const me = security.data;
  return (
    <div className="space-y-6">
      {operatorMustEnroll && !me.twoFactor.enabled && (
        <p role="alert" className="rounded-xl bg-amber-400/10 p-3 text-sm text-amber-100">
          {t.account.operatorEnroll}
        </p>
      )}
      <section className={cardClass} aria-labelledby="email-title">
        <h2 id="email-title" className="font-semibold text-white">
          {t.account.emailLabel}
        </h2>
        <p className="mt-1 text-sm text-slate-300">
          {me.email}{" "}
          <span className={me.emailVerified ? "text-emerald-300" : "text-amber-200"}>
            ({me.emailVerified ? t.account.verified : t.account.unverified})
          </span>
        </p>
        {!me.emailVerified && <ResendVerification />}
      </section>
      <TwoFactorCard enabled={me.twoFactor.enabled} left={me.twoFactor.recoveryCodesLeft} />
    </div>
  );
}
