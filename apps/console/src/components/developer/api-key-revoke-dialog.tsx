"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { Modal } from "@/components/shared/modal.tsx";
import { buttonDanger, buttonSecondary } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import type { KeyRow } from "./api-key-row.ts";

export function RevokeKeyDialog({
  tenantId,
  apiKey,
  onClose,
}: {
  tenantId: string;
  apiKey: KeyRow;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.apiKey.revoke.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.apiKey.list.queryKey({ tenantId }) });
        onClose();
      },
    }),
  );
  const error =
    revoke.error instanceof TRPCClientError && revoke.error.data?.code === "FORBIDDEN"
      ? t.keys.forbidden
      : revoke.error
        ? t.auth.errors.generic
        : undefined;
  return (
    <Modal title={t.keys.revokeTitle} onClose={onClose}>
      <p className="text-sm leading-6 text-slate-300">{t.keys.revokeBody(apiKey.name)}</p>
      <code className="mt-2 block font-mono text-xs text-slate-500">{apiKey.prefix}…</code>
      {error && (
        <p role="alert" className="mt-3 text-sm text-rose-300">
          {error}
        </p>
      )}
      <div className="mt-6 flex justify-end gap-2">
        <button type="button" onClick={onClose} className={buttonSecondary}>
          {t.common.cancel}
        </button>
        <button
          type="button"
          disabled={revoke.isPending}
          onClick={() => revoke.mutate({ tenantId, keyId: apiKey.id })}
          className={buttonDanger}
        >
          {revoke.isPending ? t.keys.revoking : t.keys.revokeConfirm}
        </button>
      </div>
    </Modal>
  );
}
