"use client";
import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { buttonPrimary, buttonSecondary } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";

export function InviteAccept({ token }: { token: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const accept = useMutation(
    trpc.settings.acceptInvite.mutationOptions({
      onSuccess: (joined) => router.push(`/console/${joined.slug}`),
    }),
  );
  const error = accept.error;
  const message = !error
    ? undefined
    : error instanceof TRPCClientError && error.data?.code === "NOT_FOUND"
      ? t.dev.invite.errors.NOT_FOUND
      : error instanceof TRPCClientError && error.data?.code === "CONFLICT"
        ? /expired/i.test(error.message)
          ? t.dev.invite.errors.CONFLICT_EXPIRED
          : /revoked/i.test(error.message)
            ? t.dev.invite.errors.CONFLICT_REVOKED
            : t.dev.invite.errors.CONFLICT_USED
        : t.dev.invite.errors.generic;
  return (
    <div className="mt-4">
      {message && (
        <p
          role="alert"
          className="mb-3 rounded-lg border border-rose-400/20 bg-rose-500/10 px-3 py-2 text-sm text-rose-200"
        >
          {message}
        </p>
      )}
      {message && message !== t.dev.invite.errors.generic ? (
        <Link href="/console" className={buttonSecondary}>
          {t.common.back}
        </Link>
      ) : (
        <button
          type="button"
          disabled={accept.isPending || accept.isSuccess}
          onClick={() => accept.mutate({ token })}
          className={buttonPrimary}
        >
          {accept.isPending || accept.isSuccess ? t.dev.invite.accepting : t.dev.invite.accept}
        </button>
      )}
    </div>
  );
}
