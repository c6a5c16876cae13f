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
  ErrorState,
  FieldError,
  inputClass,
  PageHeader,
  Skeleton,
} from "@/components/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import { parseUsdMicros } from "./key-limits-fields.tsx";
import { Modal } from "./modal.tsx";

type Role = "OWNER" | "ADMIN" | "DEVELOPER";
const rank: Record<Role, number> = { DEVELOPER: 1, ADMIN: 2, OWNER: 3 };

function usdText(micros: bigint): string {
  const fraction = (micros % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "");
  return `${micros / 1_000_000n}${fraction ? `.${fraction}` : ""}`;
}

function errorCode(error: unknown): string | undefined {
  return error instanceof TRPCClientError ? error.data?.code : undefined;
}

export function SettingsView({ tenantId }: { tenantId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const settings = useQuery(trpc.settings.get.queryOptions({ tenantId }));

  return (
    <div className="space-y-6">
      <PageHeader title={t.dev.settings.title} lead={t.dev.settings.lead} />
      {settings.isPending ? (
        <div className="space-y-3" aria-busy>
          <Skeleton className="h-48" />
          <Skeleton className="h-40" />
        </div>
      ) : settings.isError ? (
        <ErrorState
          title={t.common.errorTitle}
          body={t.common.errorBody}
          action={
            <button
              type="button"
              onClick={() => void settings.refetch()}
              className={buttonSecondary}
            >
              {t.common.retry}
            </button>
          }
        />
      ) : (
        <>
          <GeneralCard tenantId={tenantId} settings={settings.data} />
          <MembersCard
            tenantId={tenantId}
            myRole={settings.data.myRole}
            myUserId={settings.data.myUserId}
          />
          {rank[settings.data.myRole] >= rank.ADMIN && <InviteCard tenantId={tenantId} />}
        </>
      )}
    </div>
  );
}

function GeneralCard({
  tenantId,
  settings,
}: {
  tenantId: string;
  settings: {
    name: string;
    lowBalanceThreshold: bigint | null;
    lowBalanceEmail: string | null;
    myRole: Role;
  };
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canEdit = rank[settings.myRole] >= rank.ADMIN;
  const [errors, setErrors] = useState<Partial<Record<"name" | "threshold" | "email", string>>>({});
  const update = useMutation(
    trpc.settings.update.mutationOptions({
      onSuccess: () =>
        queryClient.invalidateQueries({ queryKey: trpc.settings.get.queryKey({ tenantId }) }),
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get("name") ?? "").trim();
    const thresholdText = String(form.get("threshold") ?? "").trim();
    const email = String(form.get("email") ?? "").trim();
    const threshold = thresholdText ? parseUsdMicros(thresholdText) : null;
    const found: typeof errors = {};
    if (!name) found.name = t.dev.settings.nameRequired;
    if (threshold === undefined) found.threshold = t.dev.limits.badUsd;
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) found.email = t.dev.settings.badEmail;
    setErrors(found);
    if (Object.keys(found).length > 0 || threshold === undefined) return;
    update.mutate({
      tenantId,
      name,
      lowBalanceThreshold: threshold,
      lowBalanceEmail: email || null,
    });
  }

  return (
    <section className={cardClass} aria-labelledby="settings-general">
      <h2 id="settings-general" className="font-semibold text-white">
        {t.dev.settings.general}
      </h2>
      {!canEdit && <p className="mt-1 text-xs text-slate-500">{t.dev.settings.readOnly}</p>}
      <form onSubmit={onSubmit} noValidate className="mt-4 grid gap-4 md:grid-cols-3">
        <fieldset disabled={!canEdit} className="contents">
          <div>
            <label htmlFor="tenant-name" className="mb-1 block text-xs font-medium text-slate-300">
              {t.dev.settings.name}
            </label>
            <input
              id="tenant-name"
              name="name"
              maxLength={80}
              defaultValue={settings.name}
              aria-invalid={Boolean(errors.name)}
              className={inputClass}
            />
            <FieldError id="tenant-name-error" message={errors.name} />
          </div>
          <div>
            <label
              htmlFor="tenant-threshold"
              className="mb-1 block text-xs font-medium text-slate-300"
            >
              {t.dev.settings.threshold}
            </label>
            <input
              id="tenant-threshold"
              name="threshold"
              inputMode="decimal"
              placeholder="5.00"
              defaultValue={
                settings.lowBalanceThreshold === null ? "" : usdText(settings.lowBalanceThreshold)
              }
              aria-invalid={Boolean(errors.threshold)}
              className={inputClass}
            />
            {errors.threshold ? (
              <FieldError id="tenant-threshold-error" message={errors.threshold} />
            ) : (
              <p className="mt-1 text-xs text-slate-500">{t.dev.settings.thresholdHint}</p>
            )}
          </div>
          <div>
            <label htmlFor="tenant-email" className="mb-1 block text-xs font-medium text-slate-300">
              {t.dev.settings.email}
            </label>
            <input
              id="tenant-email"
              name="email"
              type="email"
              defaultValue={settings.lowBalanceEmail ?? ""}
              aria-invalid={Boolean(errors.email)}
              className={inputClass}
            />
            <FieldError id="tenant-email-error" message={errors.email} />
          </div>
          {canEdit && (
            <div className="flex items-center justify-end gap-3 md:col-span-3">
              {update.isSuccess && (
                <span role="status" className="text-sm text-emerald-300">
                  {t.dev.settings.saved}
                </span>
              )}
              {update.isError && (
                <span role="alert" className="text-sm text-rose-300">
                  {t.auth.errors.generic}
                </span>
              )}
              <button type="submit" disabled={update.isPending} className={buttonPrimary}>
                {update.isPending ? t.dev.settings.saving : t.dev.settings.save}
              </button>
            </div>
          )}
        </fieldset>
      </form>
    </section>
  );
}

function MembersCard({
  tenantId,
  myRole,
  myUserId,
}: {
  tenantId: string;
  myRole: Role;
  myUserId: string;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.settings.members.queryOptions({ tenantId }));
  const [removing, setRemoving] = useState<{ userId: string; email: string }>();
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.settings.members.queryKey({ tenantId }) });
  const changeRole = useMutation(trpc.settings.changeRole.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(
    trpc.settings.removeMember.mutationOptions({
      onSuccess: async () => {
        await refresh();
        setRemoving(undefined);
      },
    }),
  );
  const isOwner = myRole === "OWNER";
  const problem = (error: unknown) =>
    errorCode(error) === "CONFLICT" ? t.dev.settings.lastOwner : t.auth.errors.generic;

  return (
    <section
      className="rounded-2xl border border-white/10 bg-white/[0.03]"
      aria-labelledby="settings-members"
    >
      <h2 id="settings-members" className="px-5 pt-5 font-semibold text-white sm:px-6">
        {t.dev.settings.membersTitle}
      </h2>
      {changeRole.isError && (
        <p role="alert" className="px-5 pt-2 text-sm text-rose-300 sm:px-6">
          {problem(changeRole.error)}
        </p>
      )}
      {members.isPending ? (
        <div className="space-y-2 p-5">
          <Skeleton className="h-10" />
          <Skeleton className="h-10" />
        </div>
      ) : members.isError ? (
        <p className="p-5 text-sm text-rose-300">{t.common.errorTitle}</p>
      ) : (
        <ul className="mt-3 divide-y divide-white/5 border-t border-white/10">
          {members.data.map((member) => (
            <li
              key={member.userId}
              data-testid="member-row"
              className="flex flex-wrap items-center gap-x-4 gap-y-2 px-5 py-3 sm:px-6"
            >
              <div className="min-w-0 flex-1">
                <div className="truncate text-sm text-slate-100">
                  {member.name ?? member.email}
                  {member.userId === myUserId && (
                    <span className="ml-2 text-xs text-slate-500">({t.dev.settings.you})</span>
                  )}
                </div>
                <div className="truncate text-xs text-slate-500">{member.email}</div>
              </div>
              {isOwner ? (
                <select
                  aria-label={`${t.dev.settings.role}: ${member.email}`}
                  value={member.role}
                  disabled={changeRole.isPending}
                  onChange={(event) =>
                    changeRole.mutate({
                      tenantId,
                      userId: member.userId,
                      role: event.target.value as Role,
                    })
                  }
                  className="rounded-lg border border-white/10 bg-slate-900/70 px-3 py-1.5 text-sm text-slate-100 focus:border-indigo-400 focus:outline-none focus:ring-2 focus:ring-indigo-400/30"
                >
                  {(["OWNER", "ADMIN", "DEVELOPER"] as const).map((role) => (
                    <option key={role} value={role}>
                      {t.dev.settings.roles[role]}
                    </option>
                  ))}
                </select>
              ) : (
                <span className="rounded-full bg-white/5 px-2 py-0.5 text-xs text-slate-300 ring-1 ring-white/10">
                  {t.dev.settings.roles[member.role]}
                </span>
              )}
              {isOwner && (
                <button
                  type="button"
                  onClick={() => setRemoving({ userId: member.userId, email: member.email })}
                  className="rounded-md px-2.5 py-1 text-xs font-medium text-rose-300 transition hover:bg-rose-500/10"
                >
                  {t.dev.settings.remove}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {removing && (
        <Modal title={t.dev.settings.removeTitle} onClose={() => setRemoving(undefined)}>
          <p className="text-sm leading-6 text-slate-300">
            {t.dev.settings.removeBody(removing.email)}
          </p>
          {remove.isError && (
            <p role="alert" className="mt-3 text-sm text-rose-300">
              {problem(remove.error)}
            </p>
          )}
          <div className="mt-6 flex justify-end gap-2">
            <button
              type="button"
              onClick={() => setRemoving(undefined)}
              className={buttonSecondary}
            >
              {t.common.cancel}
            </button>
            <button
              type="button"
              disabled={remove.isPending}
              onClick={() => remove.mutate({ tenantId, userId: removing.userId })}
              className={buttonDanger}
            >
              {t.dev.settings.removeConfirm}
            </button>
          </div>
        </Modal>
      )}
    </section>
  );
}

function InviteCard({ tenantId }: { tenantId: string }) {
  const { t, lang } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pending = useQuery(trpc.settings.invitations.queryOptions({ tenantId }));
  const [emailError, setEmailError] = useState<string>();
  const invite = useMutation(
    trpc.settings.invite.mutationOptions({
      onSuccess: () =>
        queryClient.invalidateQueries({
          queryKey: trpc.settings.invitations.queryKey({ tenantId }),
        }),
    }),
  );
  const day = new Intl.DateTimeFormat(lang, { dateStyle: "medium" });
  const link =
    invite.data && typeof window !== "undefined"
      ? `${window.location.origin}/invite/${invite.data.token}`
      : undefined;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const role = form.get("role") === "ADMIN" ? "ADMIN" : "DEVELOPER";
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      setEmailError(t.dev.settings.badEmail);
      return;
    }
    setEmailError(undefined);
    invite.mutate({ tenantId, email, role });
  }

  return (
    <section className={cardClass} aria-labelledby="settings-invite">
      <h2 id="settings-invite" className="font-semibold text-white">
        {t.dev.settings.inviteTitle}
      </h2>
      <p className="mt-1 text-sm text-slate-400">{t.dev.settings.inviteBody}</p>
      <form
        onSubmit={onSubmit}
        noValidate
        className="mt-4 flex flex-col gap-3 sm:flex-row sm:items-start"
      >
        <div className="flex-1">
          <label htmlFor="invite-email" className="sr-only">
            {t.dev.settings.inviteEmail}
          </label>
          <input
            id="invite-email"
            name="email"
            type="email"
            placeholder={t.dev.settings.inviteEmail}
            aria-invalid={Boolean(emailError)}
            className={inputClass}
          />
          <FieldError id="invite-email-error" message={emailError} />
        </div>
        <select
          name="role"
          aria-label={t.dev.settings.inviteRole}
          className={`${inputClass} sm:w-40`}
        >
          <option value="DEVELOPER">{t.dev.settings.roles.DEVELOPER}</option>
          <option value="ADMIN">{t.dev.settings.roles.ADMIN}</option>
        </select>
        <button type="submit" disabled={invite.isPending} className={buttonPrimary}>
          {invite.isPending ? t.dev.settings.inviting : t.dev.settings.invite}
        </button>
      </form>
      {invite.isError && (
        <p role="alert" className="mt-2 text-sm text-rose-300">
          {t.auth.errors.generic}
        </p>
      )}
      {link && (
        <div className="mt-4 rounded-xl border border-amber-300/25 bg-amber-400/10 p-3">
          <p className="text-xs text-amber-100">{t.dev.settings.inviteLink}</p>
          <div className="mt-2 flex items-center gap-3">
            <code
              data-testid="invite-link"
              className="min-w-0 flex-1 break-all font-mono text-xs text-emerald-200"
            >
              {link}
            </code>
            <CopyButton value={link} label={t.common.copy} copiedLabel={t.common.copied} />
          </div>
        </div>
      )}
      {pending.data && pending.data.length > 0 && (
        <div className="mt-5">
          <h3 className="text-sm font-medium text-slate-300">{t.dev.settings.pendingTitle}</h3>
          <ul className="mt-2 divide-y divide-white/5 text-sm">
            {pending.data.map((invitation) => (
              <li key={invitation.id} className="flex flex-wrap justify-between gap-2 py-2">
                <span className="truncate text-slate-200">{invitation.email}</span>
                <span className="text-xs text-slate-500">
                  {t.dev.settings.roles[invitation.role]} ·{" "}
                  {t.dev.settings.expiresOn(day.format(invitation.expiresAt))}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
