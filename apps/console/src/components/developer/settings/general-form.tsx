"use client";
import { parseUsdInput, usdInput } from "@relay/billing/money";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { buttonPrimary, cardClass, FieldError, inputClass } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import { EMAIL_PATTERN, type Role, rank } from "./shared.ts";

export interface GeneralSettings {
  name: string;
  lowBalanceThreshold: bigint | null;
  lowBalanceEmail: string | null;
  lowBalanceAlertedAt: Date | null;
  myRole: Role;
}

/** The workspace's name and its low-balance alert (threshold, address, last alert sent). */
export function GeneralForm({
  tenantId,
  settings,
}: {
  tenantId: string;
  settings: GeneralSettings;
}) {
  const { t, lang } = useI18n();
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
  const when = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get("name") ?? "").trim();
    const thresholdText = String(form.get("threshold") ?? "").trim();
    const email = String(form.get("email") ?? "").trim();
    const threshold = thresholdText ? parseUsdInput(thresholdText) : null;
    const found: typeof errors = {};
    if (!name) found.name = t.dev.settings.nameRequired;
    if (threshold === undefined) found.threshold = t.dev.limits.badUsd;
    if (email && !EMAIL_PATTERN.test(email)) found.email = t.dev.settings.badEmail;
    setErrors(found);
    if (Object.keys(found).length > 0 || threshold === undefined) {
      // The last save's "Saved" is not about these values: it must not sit beside their errors.
      update.reset();
      return;
    }
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
                settings.lowBalanceThreshold === null ? "" : usdInput(settings.lowBalanceThreshold)
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
            {errors.email ? (
              <FieldError id="tenant-email-error" message={errors.email} />
            ) : (
              <p className="mt-1 text-xs text-slate-500">{t.mail.alert.recipients}</p>
            )}
          </div>
          {settings.lowBalanceThreshold !== null && (
            <p
              data-testid="low-balance-last-alert"
              className="text-xs text-slate-400 md:col-span-3"
            >
              {settings.lowBalanceAlertedAt
                ? t.mail.alert.lastSent(when.format(settings.lowBalanceAlertedAt))
                : t.mail.alert.armed}
            </p>
          )}
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
