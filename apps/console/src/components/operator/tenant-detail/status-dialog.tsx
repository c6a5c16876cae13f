"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Modal } from "@/components/shared/modal.tsx";
import {
  buttonDanger,
  buttonPrimary,
  buttonSecondary,
  FieldError,
  inputClass,
} from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import { errorMessage } from "../states.tsx";

/** Suspend (with a required reason the tenant's members will see) or reactivate. */
export function StatusDialog({
  tenantId,
  status,
  onClose,
}: {
  tenantId: string;
  status: "ACTIVE" | "SUSPENDED";
  onClose: () => void;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const suspending = status === "ACTIVE";
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState(false);
  const change = useMutation(
    trpc.operatorTenants.setStatus.mutationOptions({
      onSuccess: async () => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.operatorTenants.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.operatorInsights.pathKey() }),
        ]);
        onClose();
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!suspending) {
      change.mutate({ tenantId, status: "ACTIVE" });
      return;
    }
    const trimmed = reason.trim();
    setMissing(!trimmed);
    if (trimmed) change.mutate({ tenantId, status: "SUSPENDED", reason: trimmed });
  };
  return (
    <Modal
      title={suspending ? t.operator.detail.suspendTitle : t.operator.detail.reactivateTitle}
      onClose={onClose}
      locked={change.isPending}
    >
      <form onSubmit={submit} noValidate>
        <p className="text-sm text-slate-300">
          {suspending ? t.operator.detail.suspendBody : t.operator.detail.reactivateBody}
        </p>
        {suspending && (
          <label className="mt-4 block text-sm">
            <span className="mb-1.5 block text-slate-300">{t.operator.detail.suspendReason}</span>
            <textarea
              className={`${inputClass} min-h-20`}
              value={reason}
              maxLength={500}
              onChange={(event) => setReason(event.target.value)}
              placeholder={t.operator.detail.suspendReasonPlaceholder}
              aria-invalid={missing}
              aria-describedby="suspend-reason-error"
            />
          </label>
        )}
        <FieldError
          id="suspend-reason-error"
          message={missing ? t.operator.detail.suspendReasonRequired : undefined}
        />
        <FieldError
          id="status-error"
          message={change.isError ? errorMessage(change.error, t.auth.errors.generic) : undefined}
        />
        <div className="mt-5 flex justify-end gap-2">
          <button type="button" className={buttonSecondary} onClick={onClose}>
            {t.common.cancel}
          </button>
          <button
            type="submit"
            className={suspending ? buttonDanger : buttonPrimary}
            disabled={change.isPending}
          >
            {suspending ? t.operator.detail.suspend : t.operator.detail.reactivate}
          </button>
        </div>
      </form>
    </Modal>
  );
}
