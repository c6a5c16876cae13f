"use client";
import { signIn } from "next-auth/react";
import type { ReactNode } from "react";
import { buttonSecondary, cardClass } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";

export function AuthCard({
  title,
  lead,
  github,
  callbackUrl,
  children,
  footer,
}: {
  title: string;
  lead: string;
  github: boolean;
  callbackUrl: string;
  children: ReactNode;
  footer: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div className={cardClass}>
      <h1 className="text-xl font-semibold tracking-tight text-white">{title}</h1>
      <p className="mt-1.5 text-sm leading-6 text-slate-400">{lead}</p>
      {github && (
        <>
          <button
            type="button"
            onClick={() => void signIn("github", { callbackUrl })}
            className={`${buttonSecondary} mt-6 w-full`}
          >
            {t.auth.github}
          </button>
          <div className="my-5 flex items-center gap-3 text-xs text-slate-500">
            <span className="h-px flex-1 bg-white/10" />
            {t.auth.or}
            <span className="h-px flex-1 bg-white/10" />
          </div>
        </>
      )}
      <div className={github ? "" : "mt-6"}>{children}</div>
      <p className="mt-6 text-center text-sm text-slate-400">{footer}</p>
    </div>
  );
}

export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: string;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id} className="mb-1.5 block text-sm font-medium text-slate-300">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} role="alert" className="mt-1.5 text-sm text-rose-300">
          {error}
        </p>
      ) : (
        hint && (
          <p id={`${id}-hint`} className="mt-1.5 text-xs text-slate-500">
            {hint}
          </p>
        )
      )}
    </div>
  );
}
