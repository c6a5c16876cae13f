"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { buttonPrimary, buttonSecondary, cardClass, inputClass } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";

/** Two-factor on (QR code, confirming code, recovery codes shown once) and off (a code). */
export function TwoFactorCard({ enabled, left }: { enabled: boolean; left: number }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.account.security.queryKey() });
  const start = useMutation(trpc.account.twoFactorStart.mutationOptions());
  const confirm = useMutation(trpc.account.twoFactorConfirm.mutationOptions());
  const disable = useMutation(
    trpc.account.twoFactorDisable.mutationOptions({ onSuccess: refresh }),
  );
  const [codes, setCodes] = useState<string[]>();

  function submit(event: FormEvent<HTMLFormElement>, run: (code: string) => void) {
    event.preventDefault();
    run(String(new FormData(event.currentTarget).get("code") ?? "").trim());
  }

  return (
    <section className={cardClass} aria-labelledby="two-factor-title">
      <h2 id="two-factor-title" className="font-semibold text-white">
        {t.account.twoFactorTitle}
      </h2>
      {codes ? (
        <div className="mt-3">
          <p className="text-sm font-medium text-amber-200">{t.account.recoveryTitle}</p>
          <p className="mt-1 text-xs text-slate-400">{t.account.recoveryBody}</p>
          <ul
            data-testid="recovery-codes"
            className="mt-3 grid grid-cols-2 gap-1 font-mono text-sm"
          >
            {codes.map((code) => (
              <li key={code}>{code}</li>
            ))}
          </ul>
          <button
            type="button"
            className={`${buttonSecondary} mt-4`}
            onClick={() => {
              setCodes(undefined);
              void refresh();
            }}
          >
            {t.account.recoveryDone}
          </button>
        </div>
      ) : enabled ? (
        <>
          <p className="mt-1 text-sm text-emerald-300">{t.account.twoFactorOn(String(left))}</p>
          <form
            onSubmit={(event) => submit(event, (code) => disable.mutate({ code }))}
            className="mt-4 flex flex-col gap-2 sm:flex-row"
          >
            <label htmlFor="disable-code" className="sr-only">
              {t.account.codeLabel}
            </label>
            <input
              id="disable-code"
              name="code"
              required
              autoComplete="one-time-code"
              placeholder={t.account.codeLabel}
              className={inputClass}
            />
            <button type="submit" disabled={disable.isPending} className={buttonSecondary}>
              {t.account.disable}
            </button>
          </form>
          <p className="mt-1 text-xs text-slate-500">{t.account.disableHint}</p>
          {disable.isError && (
            <p role="alert" className="mt-2 text-sm text-rose-300">
              {t.account.codeInvalid}
            </p>
          )}
        </>
      ) : start.data ? (
        <div className="mt-3">
          <p className="text-sm text-slate-300">{t.account.twoFactorScan}</p>
          <img
            src={start.data.qr}
            alt="QR code"
            width={220}
            height={220}
            className="mt-3 rounded-lg bg-white"
          />
          <p className="mt-2 text-xs text-slate-400">
            {t.account.secretKey}:{" "}
            <code data-testid="totp-secret" className="font-mono text-slate-200">
              {start.data.secret}
            </code>
          </p>
          <form
            onSubmit={(event) =>
              submit(event, (code) =>
                confirm.mutate({ code }, { onSuccess: (done) => setCodes(done.recoveryCodes) }),
              )
            }
            className="mt-4 flex flex-col gap-2 sm:flex-row"
          >
            <label htmlFor="enroll-code" className="sr-only">
              {t.account.codeLabel}
            </label>
            <input
              id="enroll-code"
              name="code"
              required
              inputMode="numeric"
              autoComplete="one-time-code"
              placeholder={t.account.codeLabel}
              className={inputClass}
            />
            <button type="submit" disabled={confirm.isPending} className={buttonPrimary}>
              {confirm.isPending ? t.account.confirming : t.account.confirm}
            </button>
          </form>
          {confirm.isError && (
            <p role="alert" className="mt-2 text-sm text-rose-300">
              {t.account.codeInvalid}
            </p>
          )}
        </div>
      ) : (
        <>
          <p className="mt-1 text-sm text-slate-400">{t.account.twoFactorOff}</p>
          <button
            type="button"
            disabled={start.isPending}
            onClick={() => start.mutate()}
            className={`${buttonPrimary} mt-4`}
          >
            {t.account.twoFactorStart}
          </button>
        </>
      )}
    </section>
  );
}
