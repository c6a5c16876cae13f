"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { type FormEvent, useState } from "react";
import { buttonPrimary, cardClass, inputClass } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import { Field } from "./auth-card.tsx";
import { useHydrated } from "./use-hydrated.ts";

/** Asks for a reset link; the answer is the same whether or not the address has an account. */
export function ForgotPasswordForm() {
  const { t } = useI18n();
  const trpc = useTRPC();
  // Before hydration a click would submit the form the browser's way, without the mutation.
  const hydrated = useHydrated();
  const request = useMutation(trpc.account.requestPasswordReset.mutationOptions());
  const [sentTo, setSentTo] = useState<string>();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "").trim();
    const answer = await request.mutateAsync({ email }).catch(() => undefined);
    if (answer) setSentTo(answer.email);
  }

  return (
    <div className={cardClass}>
      {sentTo ? (
        <div role="status">
          <h1 className="text-xl font-semibold tracking-tight text-white">
            {t.account.forgotSentTitle}
          </h1>
          <p className="mt-1.5 text-sm leading-6 text-slate-400">{t.account.forgotSent(sentTo)}</p>
        </div>
      ) : (
        <>
          <h1 className="text-xl font-semibold tracking-tight text-white">
            {t.account.forgotTitle}
          </h1>
          <p className="mt-1.5 text-sm leading-6 text-slate-400">{t.account.forgotLead}</p>
          <form onSubmit={onSubmit} className="mt-6 space-y-4">
            <Field
              id="email"
              label={t.auth.email}
              error={request.isError ? t.auth.errors.invalidEmail : undefined}
            >
              <input
                id="email"
                name="email"
                type="email"
                autoComplete="email"
                required
                className={inputClass}
              />
            </Field>
            <button
              type="submit"
              disabled={request.isPending || !hydrated}
              className={`${buttonPrimary} w-full`}
            >
              {request.isPending ? t.account.forgotSending : t.account.forgotSubmit}
            </button>
          </form>
        </>
      )}
      <p className="mt-6 text-center text-sm">
        <Link href="/sign-in" className="text-indigo-300 hover:text-indigo-200">
          {t.account.backToSignIn}
        </Link>
      </p>
    </div>
  );
}
