"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { type FormEvent, useState } from "react";
import { CopyButton } from "@/components/copy-button.tsx";
import {
  buttonDanger,
  buttonPrimary,
  buttonSecondary,
  cardClass,
  EmptyState,
  ErrorState,
  inputClass,
  PageHeader,
  Skeleton,
} from "@/components/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { usdExact, usdFriendly } from "@/lib/money.ts";
import { useTRPC } from "@/trpc/client.tsx";
import {
  type KeyLimits,
  KeyLimitsFields,
  type LimitErrors,
  readLimits,
} from "./key-limits-fields.tsx";
import { KeySnippets } from "./key-snippets.tsx";
import { Modal } from "./modal.tsx";

interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  status: "ACTIVE" | "DISABLED" | "REVOKED";
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  spent: bigint;
  budget: bigint | null;
  rpmLimit: number | null;
  tpmLimit: number | null;
  allowedModels: string[];
  allowedIps: string[];
}

export function ApiKeysView({
  tenantId,
  proxyUrl,
  canRevoke,
}: {
  tenantId: string;
  proxyUrl: string;
  canRevoke: boolean;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const keys = useQuery(trpc.apiKey.list.queryOptions({ tenantId }));
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<KeyRow>();
  const [editing, setEditing] = useState<KeyRow>();

  const createButton = (
    <button type="button" onClick={() => setCreating(true)} className={buttonPrimary}>
      {t.keys.create}
    </button>
  );

  return (
    <div className="space-y-6">
      <PageHeader title={t.keys.title} lead={t.keys.lead} actions={createButton} />
      {keys.isPending ? (
        <div className="space-y-2" aria-busy>
          <Skeleton className="h-14" />
          <Skeleton className="h-14" />
          <Skeleton className="h-14" />
        </div>
      ) : keys.isError ? (
        <ErrorState
          title={t.common.errorTitle}
          body={t.common.errorBody}
          action={
            <button type="button" onClick={() => void keys.refetch()} className={buttonSecondary}>
              {t.common.retry}
            </button>
          }
        />
      ) : keys.data.length === 0 ? (
        <EmptyState title={t.keys.emptyTitle} body={t.keys.emptyBody} action={createButton} />
      ) : (
        <KeyTable
          tenantId={tenantId}
          keys={keys.data}
          canRevoke={canRevoke}
          onRevoke={setRevoking}
          onEdit={setEditing}
        />
      )}
      {creating && (
        <CreateKeyDialog
          tenantId={tenantId}
          proxyUrl={proxyUrl}
          onClose={() => setCreating(false)}
        />
      )}
      {editing && (
        <EditKeyDialog tenantId={tenantId} apiKey={editing} onClose={() => setEditing(undefined)} />
      )}
      {revoking && (
        <RevokeKeyDialog
          tenantId={tenantId}
          apiKey={revoking}
          onClose={() => setRevoking(undefined)}
        />
      )}
    </div>
  );
}

function KeyTable({
  tenantId,
  keys,
  canRevoke,
  onRevoke,
  onEdit,
}: {
  tenantId: string;
  keys: KeyRow[];
  canRevoke: boolean;
  onRevoke: (key: KeyRow) => void;
  onEdit: (key: KeyRow) => void;
}) {
  const { t, lang } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const setStatus = useMutation(
    trpc.apiKey.setStatus.mutationOptions({
      onSettled: () =>
        queryClient.invalidateQueries({ queryKey: trpc.apiKey.list.queryKey({ tenantId }) }),
    }),
  );
  const day = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: "UTC" });
  const date = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });
  const number = new Intl.NumberFormat(lang);
  const limits = (key: KeyRow) => {
    const parts = [
      key.budget !== null && t.keys.budget(usdFriendly(key.budget)),
      key.rpmLimit !== null && t.keys.rpm(number.format(key.rpmLimit)),
      key.tpmLimit !== null && t.keys.tpm(number.format(key.tpmLimit)),
      key.allowedModels.length > 0 && t.keys.models(number.format(key.allowedModels.length)),
      key.allowedIps.length > 0 && t.dev.keys.ips(number.format(key.allowedIps.length)),
      key.expiresAt !== null && t.dev.keys.expires(day.format(key.expiresAt)),
    ].filter((part): part is string => typeof part === "string");
    return parts.length > 0 ? parts.join(" · ") : t.keys.noLimits;
  };
  const statusClass: Record<KeyRow["status"], string> = {
    ACTIVE: "bg-emerald-400/10 text-emerald-300 ring-emerald-300/20",
    DISABLED: "bg-amber-400/10 text-amber-200 ring-amber-300/20",
    REVOKED: "bg-slate-400/10 text-slate-400 ring-slate-300/10",
  };
  return (
    <div className={`${cardClass} overflow-hidden p-0 sm:p-0`}>
      <table className="w-full text-left text-sm">
        <thead className="hidden border-b border-white/10 text-xs text-slate-500 md:table-header-group">
          <tr>
            <th className="px-5 py-3 font-medium">{t.keys.name}</th>
            <th className="px-5 py-3 font-medium">{t.keys.status}</th>
            <th className="px-5 py-3 font-medium">{t.keys.lastUsed}</th>
            <th className="px-5 py-3 text-right font-medium">{t.keys.spent}</th>
            <th className="px-5 py-3 font-medium">{t.keys.limits}</th>
            <th className="px-5 py-3" />
          </tr>
        </thead>
        <tbody className="divide-y divide-white/5">
          {keys.map((key) => (
            <tr
              key={key.id}
              data-testid="api-key-row"
              className="grid grid-cols-2 gap-x-4 gap-y-1 px-5 py-4 md:table-row md:p-0"
            >
              <td className="col-span-2 md:px-5 md:py-3.5">
                <div className="font-medium text-slate-100">{key.name}</div>
                <code className="font-mono text-xs text-slate-500">{key.prefix}…</code>
              </td>
              <td className="md:px-5 md:py-3.5">
                <span
                  className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${statusClass[key.status]}`}
                >
                  {t.keys.statuses[key.status]}
                </span>
              </td>
              <td className="text-right text-xs text-slate-400 md:px-5 md:py-3.5 md:text-left md:text-sm">
                <span className="md:hidden">{t.keys.lastUsed}: </span>
                {key.lastUsedAt ? date.format(key.lastUsedAt) : t.common.never}
              </td>
              <td
                className="tabular-nums text-slate-300 md:px-5 md:py-3.5 md:text-right"
                title={usdExact(key.spent)}
              >
                <span className="text-xs text-slate-500 md:hidden">{t.keys.spent}: </span>
                {usdFriendly(key.spent)}
              </td>
              <td className="text-right text-xs text-slate-400 md:px-5 md:py-3.5 md:text-left">
                {limits(key)}
              </td>
              <td className="col-span-2 pt-2 text-right md:px-5 md:py-3.5 md:pt-3.5">
                {canRevoke && key.status !== "REVOKED" && (
                  <>
                    <button
                      type="button"
                      onClick={() => onEdit(key)}
                      className="rounded-md px-2.5 py-1 text-xs font-medium text-slate-300 transition hover:bg-white/10"
                    >
                      {t.dev.keys.edit}
                    </button>
                    <button
                      type="button"
                      disabled={setStatus.isPending}
                      onClick={() =>
                        setStatus.mutate({
                          tenantId,
                          keyId: key.id,
                          status: key.status === "ACTIVE" ? "DISABLED" : "ACTIVE",
                        })
                      }
                      className="rounded-md px-2.5 py-1 text-xs font-medium text-amber-200 transition hover:bg-amber-400/10 disabled:opacity-60"
                    >
                      {key.status === "ACTIVE" ? t.dev.keys.disable : t.dev.keys.enable}
                    </button>
                  </>
                )}
                {canRevoke && key.status !== "REVOKED" && (
                  <button
                    type="button"
                    onClick={() => onRevoke(key)}
                    className="rounded-md px-2.5 py-1 text-xs font-medium text-rose-300 transition hover:bg-rose-500/10"
                  >
                    {t.keys.revoke}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CreateKeyDialog({
  tenantId,
  proxyUrl,
  onClose,
}: {
  tenantId: string;
  proxyUrl: string;
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
          open={Object.keys(limitErrors).length > 0}
        >
          <summary className="cursor-pointer text-sm font-medium text-slate-300">
            {t.dev.limits.section}
            <span className="ml-2 text-xs font-normal text-slate-500">{t.dev.limits.optional}</span>
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

function RevokeKeyDialog({
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

function EditKeyDialog({
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
    const { limits, errors: found } = readLimits(new FormData(event.currentTarget), t);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    update.mutate({ tenantId, keyId: apiKey.id, ...limits });
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
        <KeyLimitsFields initial={initial} errors={errors} />
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
