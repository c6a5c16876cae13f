"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { type FormEvent, useState } from "react";
import { Modal } from "@/components/shared/modal.tsx";
import { buttonPrimary, buttonSecondary } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import type { KeyRow } from "./api-key-row.ts";
import {
  type KeyLimits,
  KeyLimitsFields,
  type LimitErrors,
  readCodeMsg,
  readLimits,
} from "./key-limits-fields.tsx";

export function EditKeyDialog({
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
  const [errors, setErrors] = useState<LimitErrors>({});
  const update = useMutation(
    trpc.apiKey.update.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.apiKey.list.queryKey({ tenantId }) });
        onClose();
      },
    }),
  );
  const initial: KeyLimits = {
    expiresAt: apiKey.expiresAt,
    allowedModels: apiKey.allowedModels,
    allowedIps: apiKey.allowedIps,
    rpmLimit: apiKey.rpmLimit,
    tpmLimit: apiKey.tpmLimit,
    budget: apiKey.budget,
  };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const { limits, errors: found } = readLimits(form, t);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    update.mutate({ tenantId, keyId: apiKey.id, ...limits, codeMsg: readCodeMsg(form) });
  }

  const code = update.error instanceof TRPCClientError ? update.error.data?.code : undefined;
  const serverError =
    code === "FORBIDDEN"
      ? t.dev.keys.forbidden
      : code === "CONFLICT"
        ? t.dev.keys.revokedCannotEdit
        : update.error
          ? t.auth.errors.generic
          : undefined;
  return (
    <Modal title={t.dev.keys.editTitle} onClose={onClose}>
      <form onSubmit={onSubmit} noValidate data-testid="edit-key-form">
        <p className="mb-4 text-sm text-slate-400">
          {apiKey.name} <code className="font-mono text-xs text-slate-500">{apiKey.prefix}…</code>
        </p>
        <KeyLimitsFields initial={initial} errors={errors} codeMsg={apiKey.codeMsg} />
        {serverError && (
          <p role="alert" className="mt-3 text-sm text-rose-300">
            {serverError}
          </p>
        )}
        <div className="mt-6 flex justify-end gap-2">
          <button type="button" onClick={onClose} className={buttonSecondary}>
            {t.common.cancel}
          </button>
          <button type="submit" disabled={update.isPending} className={buttonPrimary}>
            {update.isPending ? t.dev.keys.saving : t.dev.keys.save}
          </button>
        </div>
      </form>
    </Modal>
  );
}
