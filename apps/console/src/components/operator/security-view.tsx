"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { LoadingRows, QueryError } from "@/components/shared/query-states.tsx";
import { cardClass, PageHeader } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";

/** The platform's sign-in policy for operators. */
export function OperatorSecurityView() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const setting = useQuery(trpc.operatorSecurity.get.queryOptions());
  const save = useMutation(
    trpc.operatorSecurity.set.mutationOptions({
      onSuccess: (saved) => queryClient.setQueryData(trpc.operatorSecurity.get.queryKey(), saved),
    }),
  );
  return (
    <div className="space-y-6">
      <PageHeader title={t.account.requireOperatorsTitle} />
      {setting.isPending ? (
        <LoadingRows rows={1} />
      ) : setting.isError ? (
        <QueryError retry={() => void setting.refetch()} />
      ) : (
        <section className={cardClass}>
          <label className="flex items-center gap-3 text-sm text-slate-200">
            <input
              type="checkbox"
              checked={setting.data.requireTwoFactor}
              disabled={save.isPending}
              onChange={(event) => save.mutate({ requireTwoFactor: event.target.checked })}
              className="size-4"
            />
            {t.account.requireOperators}
          </label>
          <p className="mt-2 text-xs text-slate-500">{t.account.requireOperatorsHint}</p>
          {save.isSuccess && (
            <p role="status" className="mt-2 text-sm text-emerald-300">
              {t.account.saved}
            </p>
          )}
          {save.isError && (
            <p role="alert" className="mt-2 text-sm text-rose-300">
              {t.auth.errors.generic}
            </p>
          )}
          <p className="mt-4 text-sm">
            <Link href="/account" className="text-indigo-300 hover:text-indigo-200">
              {t.account.pageTitle} →
            </Link>
          </p>
        </section>
      )}
    </div>
  );
}
