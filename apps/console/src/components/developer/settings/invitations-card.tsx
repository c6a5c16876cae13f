"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { CopyButton } from "@/components/shared/copy-button.tsx";
import { Modal } from "@/components/shared/modal.tsx";
import {
  buttonDanger,
  buttonPrimary,
  buttonSecondary,
  cardClass,
  FieldError,
  inputClass,
} from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import { EMAIL_PATTERN, errorCode } from "./shared.ts";

/** Inviting someone (the link is emailed and shown once), and the pending invitations to revoke. */
export function InvitationsCard({ tenantId }: { tenantId: string }) {
  const { t, lang } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pending = useQuery(trpc.settings.invitations.queryOptions({ tenantId }));
  const [emailError, setEmailError] = useState<string>();
  const [revoking, setRevoking] = useState<{ id: string; email: string }>();
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.settings.invitations.queryKey({ tenantId }) });
  const invite = useMutation(trpc.settings.invite.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(
    trpc.settings.revokeInvitation.mutationOptions({
      onSuccess: async () => {
        await refresh();
        setRevoking(undefined);
      },
    }),
  );
  const day = new Intl.DateTimeFormat(lang, { dateStyle: "medium" });
  const link =
    invite.data && typeof window !== "undefined"
      ? `${window.location.origin}/invite/${invite.data.token}`
      : undefined;
  const invitedEmail = invite.variables?.email ?? "";

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const role = form.get("role") === "ADMIN" ? "ADMIN" : "DEVELOPER";
    if (!EMAIL_PATTERN.test(email)) {
      setEmailError(t.dev.settings.badEmail);
      invite.reset();
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
          {errorCode(invite.error) === "CONFLICT"
            ? t.account.alreadyMember(invitedEmail)
            : t.auth.errors.generic}
        </p>
      )}
      {link && invite.data && (
        <div className="mt-4 rounded-xl border border-amber-300/25 bg-amber-400/10 p-3">
          {/* Not role="status": the page's one status is the general form's "Saved". */}
          <p
            data-testid="invite-delivery"
            aria-live="polite"
            className={`text-sm ${invite.data.delivery === "sent" ? "text-emerald-200" : "text-amber-100"}`}
          >
            {invite.data.delivery === "sent"
              ? t.mail.invite.sent(invitedEmail)
              : invite.data.delivery === "failed"
                ? t.mail.invite.failed
                : t.mail.invite.outbox}
          </p>
          <p className="mt-2 text-xs text-amber-100">{t.dev.settings.inviteLink}</p>
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
      <div className="mt-5">
        <h3 className="text-sm font-medium text-slate-300">{t.dev.settings.pendingTitle}</h3>
        {pending.isError ? (
          <p className="mt-2 text-sm text-rose-300">{t.common.errorTitle}</p>
        ) : pending.data && pending.data.length === 0 ? (
          <p className="mt-2 text-sm text-slate-500">{t.mail.invite.noPending}</p>
        ) : (
          <ul className="mt-2 divide-y divide-white/5 text-sm">
            {pending.data?.map((invitation) => (
              <li
                key={invitation.id}
                data-testid="invitation-row"
                className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2"
              >
                <span className="min-w-0 flex-1 truncate text-slate-200">{invitation.email}</span>
                <span className="text-xs text-slate-500">
                  {t.dev.settings.roles[invitation.role]} ·{" "}
                  {t.dev.settings.expiresOn(day.format(invitation.expiresAt))}
                </span>
                <button
                  type="button"
                  aria-label={t.mail.invite.revokeLabel(invitation.email)}
                  onClick={() => {
                    revoke.reset();
                    setRevoking({ id: invitation.id, email: invitation.email });
                  }}
                  className="rounded-md px-2.5 py-1 text-xs font-medium text-rose-300 transition hover:bg-rose-500/10"
                >
                  {t.mail.invite.revoke}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      {revoking && (
        <Modal title={t.mail.invite.revokeTitle} onClose={() => setRevoking(undefined)}>
          <p className="text-sm leading-6 text-slate-300">
            {t.mail.invite.revokeBody(revoking.email)}
          </p>
          {revoke.isError && (
            <p role="alert" className="mt-3 text-sm text-rose-300">
              {t.auth.errors.generic}
            </p>
          )}
          <div className="mt-6 flex justify-end gap-2">
            <button
              type="button"
              onClick={() => setRevoking(undefined)}
              className={buttonSecondary}
            >
              {t.common.cancel}
            </button>
            <button
              type="button"
              disabled={revoke.isPending}
              onClick={() => revoke.mutate({ tenantId, invitationId: revoking.id })}
              className={buttonDanger}
            >
              {revoke.isPending ? t.mail.invite.revoking : t.mail.invite.revokeConfirm}
            </button>
          </div>
        </Modal>
      )}
    </section>
  );
}
