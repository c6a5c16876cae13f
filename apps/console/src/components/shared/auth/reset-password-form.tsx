"use client";
import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import Link from "next/link";
import { type FormEvent, useState } from "react";
import { buttonPrimary, cardClass, inputClass } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import { Field } from "./auth-card.tsx";
import { useHydrated } from "./use-hydrated.ts";

const MIN_PASSWORD = 8;

/** A new password through a reset link; the same length rule as sign-up. */
export function ResetPasswordForm({ token }: { token: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  // Before hydration a click would submit the form the browser's way, without the mutation.
  const hydrated = useHydrated();
  const reset = useMutation(trpc.account.resetPassword.mutationOptions());
  const [tooShort, setTooShort] = useState(false);
  const min = String(MIN_PASSWORD);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    setTooShort(password.length < MIN_PASSWORD);
    if (password.length < MIN_PASSWORD) return;
    reset.mutate({ token, password });
  }

  const invalid = reset.error instanceof TRPCClientError && reset.error.data?.code === "NOT_FOUND";
  if (reset.isSuccess) {
    return (
      <div className={cardClass} role="status">
        <h1 className="text-xl font-semibold tracking-tight text-white">
          {t.account.resetDoneTitle}
        </h1>
        <p className="mt-1.5 text-sm text-slate-400">{t.account.resetDone}</p>
        <Link href="/sign-in" className={`${buttonPrimary} mt-6 w-full`}>
          {t.signIn.signIn}
        </Link>
      </div>
    );
  }
  return (
    <div className={cardClass}>
      <h1 className="text-xl font-semibold tracking-tight text-white">{t.account.resetTitle}</h1>
      <p className="mt-1.5 text-sm text-slate-400">{t.account.resetLead}</p>
      <form onSubmit={onSubmit} noValidate className="mt-6 space-y-4">
        <Field
          id="password"
          label={t.account.newPassword}
          hint={t.auth.passwordHint(min)}
          error={tooShort ? t.auth.errors.weakPassword(min) : undefined}
        >
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD}
            aria-invalid={tooShort}
            className={inputClass}
          />
        </Field>
        {reset.isError && (
          <p role="alert" className="text-sm text-rose-300">
            {invalid ? t.account.resetInvalid : t.auth.errors.generic}{" "}
            {invalid && (
              <Link href="/forgot-password" className="text-indigo-300 underline">
                {t.account.askAgain}
              </Link>
            )}
          </p>
        )}
        <button
          type="submit"
          disabled={reset.isPending || !hydrated}
          className={`${buttonPrimary} w-full`}
        >
          {reset.isPending ? t.account.resetSaving : t.account.resetSubmit}
        </button>
      </form>
    </div>
  );
}
