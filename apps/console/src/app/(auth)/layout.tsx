import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { LanguageSwitch } from "@/components/shared/language-switch.tsx";
import { getMessages } from "@/i18n/locale.ts";
import { getSession } from "@/server/auth/get-session.ts";

export default async function AuthLayout({ children }: { children: ReactNode }) {
  if (await getSession()) redirect("/console");
  const { locale, t } = await getMessages();
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="mx-auto flex w-full max-w-5xl items-center justify-between px-6 py-6">
        <Link href="/" className="flex items-center gap-2.5">
          <span className="grid size-8 place-items-center rounded-lg bg-gradient-to-br from-indigo-400 to-cyan-400 font-bold text-slate-950">
            R
          </span>
          <span className="text-lg font-semibold tracking-tight">Relay</span>
        </Link>
        <LanguageSwitch locale={locale} t={t} />
      </header>
      <main className="flex flex-1 items-start justify-center px-4 pt-6 pb-16 sm:pt-12">
        <div className="w-full max-w-md">{children}</div>
      </main>
    </div>
  );
}
