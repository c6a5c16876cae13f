"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { type FormEvent, useState } from "react";
import { CopyButton } from "@/components/shared/copy-button.tsx";
import { Modal } from "@/components/shared/modal.tsx";
import { buttonPrimary, buttonSecondary, inputClass } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import { KeyLimitsFields, type LimitErrors, readLimits } from "./key-limits-fields.tsx";
import { KeySnippets } from "./key-snippets.tsx";

export function CreateKeyDialog({
  tenantId,
  proxyUrl,
  budgetRequired,
  onClose,
}: {
  tenantId: string;
  proxyUrl: string;
  /** A developer's key must have a budget (the server refuses one without). */
  budgetRequired: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.apiKey.create.mutationOptions({
      onSuccess: () =>
        queryClient.invalidateQueries({ queryKey: trpc.apiKey.list.queryKey({ tenantId }) }),
    }),
  );
  const [nameError, setNameError] = useState<string>();
  const [limitErrors, setLimitErrors] = useState<LimitErrors>({});

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get("name") ?? "").trim();
    const { limits, errors } = readLimits(form, t);
    if (budgetRequired && limits.budget === null && !errors.budget) {
      errors.budget = t.dev.limits.budgetMissing;
    }
    setNameError(name ? undefined : t.keys.nameRequired);
    setLimitErrors(errors);
    if (!name || Object.keys(errors).length > 0) return;
    create.mutate({
      tenantId,
      name,
      expiresAt: limits.expiresAt ?? undefined,
      allowedModels: limits.allowedModels,
      allowedIps: limits.allowedIps,
      rpmLimit: limits.rpmLimit ?? undefined,
      tpmLimit: limits.tpmLimit ?? undefined,
      budget: limits.budget ?? undefined,
    });
  }

  if (create.data) {
    const { secret } = create.data;
    return (
      <Modal title={t.keys.createdTitle} onClose={onClose} locked>
        <p className="rounded-lg border border-amber-300/25 bg-amber-400/10 px-3 py-2 text-sm text-amber-100">
          {t.keys.createdWarning}
        </p>
        <div className="mt-4 flex items-center gap-3 rounded-xl border border-white/10 bg-black/40 px-4 py-3">
          <code
            data-testid="new-api-key"
            className="min-w-0 flex-1 break-all font-mono text-sm text-emerald-200"
          >
            {secret}
          </code>
          <CopyButton value={secret} label={t.common.copy} copiedLabel={t.common.copied} />
        </div>
        <div className="mt-5">
          <KeySnippets baseUrl={proxyUrl} secret={secret} />
        </div>
        <div className="mt-6 flex justify-end">
          <button type="button" onClick={onClose} className={buttonPrimary}>
            {t.keys.done}
          </button>
        </div>
      </Modal>
    );
  }

  const serverError =
    create.error instanceof TRPCClientError && create.error.data?.code === "FORBIDDEN"
      ? t.keys.forbidden
      : create.error
        ? t.auth.errors.generic
        : undefined;
  return (
    <Modal title={t.keys.createTitle} onClose={onClose}>
      <form onSubmit={onSubmit} noValidate>
        <label htmlFor="key-name" className="mb-1.5 block text-sm font-medium text-slate-300">
          {t.keys.name}
        </label>
        <input
          id="key-name"
          name="name"
          maxLength={80}
          placeholder={t.keys.namePlaceholder}
          aria-invalid={Boolean(nameError)}
          className={inputClass}
        />
        {(nameError ?? serverError) && (
          <p role="alert" className="mt-1.5 text-sm text-rose-300">
            {nameError ?? serverError}
          </p>
        )}
        <details
          className="mt-4 rounded-lg border border-white/10 px-3 py-2"
          open={budgetRequired || Object.keys(limitErrors).length > 0}
        >
          <summary className="cursor-pointer text-sm font-medium text-slate-300">
            {t.dev.limits.section}
            <span className="ml-2 text-xs font-normal text-slate-500">
              {budgetRequired ? t.dev.limits.budgetRequired : t.dev.limits.optional}
            </span>
          </summary>
          <div className="mt-3">
            <KeyLimitsFields errors={limitErrors} />
          </div>
        </details>
        <div className="mt-6 flex justify-end gap-2">
          <button type="button" onClick={onClose} className={buttonSecondary}>
            {t.common.cancel}
          </button>
          <button type="submit" disabled={create.isPending} className={buttonPrimary}>
            {create.isPending ? t.keys.creating : t.keys.create}
          </button>
        </div>
      </form>
    </Modal>
  );
}
