"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { type FormEvent, useState } from "react";
import { buttonPrimary, inputClass } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { TWO_FACTOR_INVALID, TWO_FACTOR_REQUIRED, throttledMinutes } from "@/lib/sign-in-error.ts";
import { AuthCard, Field } from "./auth-card.tsx";
import { useHydrated } from "./use-hydrated.ts";

export function SignInForm({ callbackUrl, github }: { callbackUrl: string; github: boolean }) {
  const { t } = useI18n();
  const router = useRouter();
  const hydrated = useHydrated();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  // The password was right and the account has two-factor on: the code field appears.
  const [needsCode, setNeedsCode] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const code = String(form.get("code") ?? "").trim();
    // Nothing to ask the server about: say so here (the browser's own check covers the rest).
    if (!email || !password) {
      setError(t.account.emptySignIn);
      return;
    }
    if (needsCode && !code) {
      setError(t.account.codeRequired);
      return;
    }
    setPending(true);
    setError(undefined);
    const result = await signIn("credentials", {
      email,
      password,
      ...(needsCode ? { code } : {}),
      redirect: false,
    });
    if (!result?.ok) {
      setPending(false);
      const minutes = throttledMinutes(result?.error);
      if (result?.error === TWO_FACTOR_REQUIRED) setNeedsCode(true);
      setError(
        minutes !== null
          ? t.auth.errors.tooManyAttempts(String(minutes))
          : result?.error === TWO_FACTOR_REQUIRED
            ? t.account.codeRequired
            : result?.error === TWO_FACTOR_INVALID
              ? t.account.codeInvalid
              : result?.error === "CredentialsSignin"
                ? t.auth.errors.invalidCredentials
                : t.auth.errors.generic,
      );
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  return (
    <AuthCard
      title={t.auth.signInTitle}
      lead={t.auth.signInLead}
      github={github}
      callbackUrl={callbackUrl}
      footer={
        <>
          {t.auth.noAccount}{" "}
          <Link
            href={`/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}`}
            className="font-medium text-indigo-300 hover:text-indigo-200"
          >
            {t.signIn.signUp}
          </Link>
        </>
      }
    >
      <form onSubmit={onSubmit} method="post" className="space-y-4">
        <Field id="email" label={t.auth.email}>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="email"
            required
            className={inputClass}
          />
        </Field>
        <Field id="password" label={t.auth.password}>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            className={inputClass}
          />
        </Field>
        <p className="-mt-2 text-right text-xs">
          <Link href="/forgot-password" className="text-indigo-300 hover:text-indigo-200">
            {t.account.forgotLink}
          </Link>
        </p>
        {needsCode && (
          <Field id="code" label={t.account.codeLabel} hint={t.account.codeHint}>
            <input
              id="code"
              name="code"
              autoComplete="one-time-code"
              inputMode="text"
              required
              maxLength={64}
              // biome-ignore lint/a11y/noAutofocus: the field appears because the user must fill it now.
              autoFocus
              aria-describedby="code-hint"
              className={inputClass}
            />
          </Field>
        )}
        {error && (
          <p
            role="alert"
            className="rounded-lg border border-rose-400/20 bg-rose-500/10 px-3 py-2 text-sm text-rose-200"
          >
            {error}
          </p>
        )}
        <button type="submit" disabled={pending || !hydrated} className={`${buttonPrimary} w-full`}>
          {pending ? t.auth.signingIn : t.auth.submitSignIn}
        </button>
      </form>
    </AuthCard>
  );
}
