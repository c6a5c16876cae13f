"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { type FormEvent, useState } from "react";
import { buttonPrimary, inputClass } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { throttledMinutes } from "@/lib/sign-in-error.ts";
import { AuthCard, Field } from "./auth-card.tsx";
import { useHydrated } from "./use-hydrated.ts";

export function SignInForm({ callbackUrl, github }: { callbackUrl: string; github: boolean }) {
  const { t } = useI18n();
  const router = useRouter();
  const hydrated = useHydrated();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    if (!result?.ok) {
      setPending(false);
      const minutes = throttledMinutes(result?.error);
      setError(
        minutes !== null
          ? t.auth.errors.tooManyAttempts(String(minutes))
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
      <form onSubmit={onSubmit} method="post" className="space-y-4" noValidate>
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
