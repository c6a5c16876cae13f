"use client";
import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { type FormEvent, useState } from "react";
import { buttonPrimary, cardClass, inputClass } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { throttledMinutes } from "@/lib/sign-in-error.ts";
import { useTRPC } from "@/trpc/client.tsx";
import { AuthCard, Field } from "./auth-card.tsx";
import { useHydrated } from "./use-hydrated.ts";

const MIN_PASSWORD = 8;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type FieldName = "name" | "email" | "password" | "form";

export function SignUpForm({
  callbackUrl,
  github,
  referralCode,
  invitation,
}: {
  callbackUrl: string;
  github: boolean;
  /** From an invite link (?ref=): sent with the sign-up, which ignores an unknown one. */
  referralCode?: string;
  /** From a workspace invitation: the account joins that workspace instead of getting one. */
  invitation?: { token: string; workspace: string };
}) {
  const { t } = useI18n();
  const router = useRouter();
  const trpc = useTRPC();
  const signUp = useMutation(trpc.account.signUp.mutationOptions());
  const hydrated = useHydrated();
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [signingIn, setSigningIn] = useState(false);
  const [checkEmail, setCheckEmail] = useState<string>();
  const min = String(MIN_PASSWORD);

  function validate(values: { name: string; email: string; password: string }) {
    const found: Partial<Record<FieldName, string>> = {};
    if (!values.name.trim()) found.name = t.auth.errors.nameRequired;
    if (!EMAIL.test(values.email.trim())) found.email = t.auth.errors.invalidEmail;
    if (values.password.length < MIN_PASSWORD) found.password = t.auth.errors.weakPassword(min);
    return found;
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const values = {
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      company: String(form.get("company") ?? "").trim() || undefined,
      ref: referralCode,
      invite: invitation?.token,
    };
    const found = validate(values);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    try {
      await signUp.mutateAsync(values);
    } catch (error) {
      setErrors(serverErrors(error));
      return;
    }
    setSigningIn(true);
    const result = await signIn("credentials", {
      email: values.email,
      password: values.password,
      redirect: false,
    });
    if (!result?.ok) {
      setSigningIn(false);
      const minutes = throttledMinutes(result?.error);
      // The answer to sign-up is the same for a taken email; only its owner's password signs in.
      if (minutes !== null) setErrors({ form: t.auth.errors.tooManyAttempts(String(minutes)) });
      else setCheckEmail(values.email.trim());
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  function serverErrors(error: unknown): Partial<Record<FieldName, string>> {
    if (!(error instanceof TRPCClientError)) return { form: t.auth.errors.generic };
    const data: unknown = error.data;
    const fields =
      typeof data === "object" && data && "fieldErrors" in data && data.fieldErrors
        ? Object.keys(data.fieldErrors)
        : [];
    if (fields.includes("password")) return { password: t.auth.errors.weakPassword(min) };
    if (fields.includes("email")) return { email: t.auth.errors.invalidEmail };
    if (fields.includes("name")) return { name: t.auth.errors.nameRequired };
    if (invitation && error.data?.code === "BAD_REQUEST") return { form: t.account.inviteGone };
    return { form: t.auth.errors.generic };
  }

  const signInHref = `/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`;
  if (checkEmail) {
    return (
      <div className={cardClass} role="status">
        <h1 className="text-xl font-semibold tracking-tight text-white">
          {t.auth.checkEmailTitle}
        </h1>
        <p className="mt-1.5 text-sm leading-6 text-slate-400">
          {t.auth.checkEmailBody(checkEmail)}
        </p>
        <Link href={signInHref} className={`${buttonPrimary} mt-6 w-full`}>
          {t.signIn.signIn}
        </Link>
      </div>
    );
  }

  const pending = signUp.isPending || signingIn;
  return (
    <AuthCard
      title={t.auth.signUpTitle}
      lead={invitation ? t.account.joinHint(invitation.workspace) : t.auth.signUpLead}
      github={github}
      callbackUrl={callbackUrl}
      footer={
        <>
          {t.auth.haveAccount}{" "}
          <Link href={signInHref} className="font-medium text-indigo-300 hover:text-indigo-200">
            {t.signIn.signIn}
          </Link>
        </>
      }
    >
      <form onSubmit={onSubmit} method="post" className="space-y-4" noValidate>
        <Field id="name" label={t.auth.name} error={errors.name}>
          <input
            id="name"
            name="name"
            autoComplete="name"
            required
            maxLength={120}
            aria-invalid={Boolean(errors.name)}
            aria-describedby={errors.name ? "name-error" : undefined}
            className={inputClass}
          />
        </Field>
        <Field
          id="company"
          label={
            <>
              {t.auth.company}{" "}
              <span className="font-normal text-slate-500">({t.auth.optional})</span>
            </>
          }
        >
          <input
            id="company"
            name="company"
            autoComplete="organization"
            maxLength={120}
            className={inputClass}
          />
        </Field>
        <Field id="email" label={t.auth.email} error={errors.email}>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="email"
            required
            aria-invalid={Boolean(errors.email)}
            aria-describedby={errors.email ? "email-error" : undefined}
            className={inputClass}
          />
        </Field>
        <Field
          id="password"
          label={t.auth.password}
          hint={t.auth.passwordHint(min)}
          error={errors.password}
        >
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD}
            aria-invalid={Boolean(errors.password)}
            aria-describedby={errors.password ? "password-error" : "password-hint"}
            className={inputClass}
          />
        </Field>
        {errors.form && (
          <p
            role="alert"
            className="rounded-lg border border-rose-400/20 bg-rose-500/10 px-3 py-2 text-sm text-rose-200"
          >
            {errors.form}
          </p>
        )}
        <button type="submit" disabled={pending || !hydrated} className={`${buttonPrimary} w-full`}>
          {pending ? t.auth.creatingAccount : t.auth.submitSignUp}
        </button>
      </form>
    </AuthCard>
  );
}
