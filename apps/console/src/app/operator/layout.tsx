import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { OperatorNav } from "@/components/operator/nav.tsx";
import { LanguageSwitch } from "@/components/shared/language-switch.tsx";
import { SignOutButton } from "@/components/shared/sign-out-button.tsx";
import { EmptyState } from "@/components/shared/ui.tsx";
import { getMessages } from "@/i18n/locale.ts";
import { REQUEST_PATH_HEADER, signInFor } from "@/lib/request-path.ts";
import { getSession } from "@/server/auth/get-session.ts";
import { mustEnrollTwoFactor } from "@/server/auth/two-factor/operator-required.ts";
import { serverCaller } from "@/server/caller.ts";

export const dynamic = "force-dynamic";

/** The operator area: platform operators only (the role is read again from the database). */
export default async function OperatorLayout({ children }: { children: ReactNode }) {
  if (!(await getSession())) {
    redirect(signInFor((await headers()).get(REQUEST_PATH_HEADER), "/operator"));
  }
  const [me, { locale, t }] = await Promise.all([(await serverCaller()).me.get(), getMessages()]);
  if (me.role !== "OPERATOR") {
    return (
      <main className="mx-auto max-w-xl px-6 py-20">
        <EmptyState
          title={t.operator.forbiddenTitle}
          body={t.operator.forbiddenBody}
          action={
            <a href="/console" className="text-sm text-indigo-300 hover:text-indigo-200">
              {t.common.back}
            </a>
          }
        />
      </main>
    );
  }
  if (await mustEnrollTwoFactor(me.id)) redirect("/account");
  const firstTenant = me.memberships[0]?.tenant.slug;
  return (
    <div className="min-h-dvh">
      <header className="sticky top-0 z-30 border-b border-white/10 bg-slate-950/85 backdrop-blur">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
          <a href="/operator" className="flex items-center gap-2">
            <span className="grid size-7 place-items-center rounded-lg bg-gradient-to-br from-amber-300 to-rose-400 text-sm font-bold text-slate-950">
              R
            </span>
            <span className="font-semibold tracking-tight">
              Relay{" "}
              <span className="rounded-md bg-amber-400/10 px-1.5 py-0.5 text-[11px] font-medium text-amber-200 ring-1 ring-amber-300/20">
                {t.operator.area}
              </span>
            </span>
          </a>
          <div className="ml-auto flex items-center gap-2">
            <span
              className="hidden max-w-48 truncate text-xs text-slate-500 md:inline"
              title={me.email}
            >
              {me.email}
            </span>
            {firstTenant && (
              <a
                href={`/console/${firstTenant}`}
                className="hidden rounded-full px-3 py-1.5 text-sm text-slate-400 hover:text-white sm:inline"
              >
                {t.operator.backToConsole}
              </a>
            )}
            <LanguageSwitch locale={locale} t={t} />
            <SignOutButton
              label={t.shell.signOut}
              className="rounded-full border border-white/10 px-3.5 py-1.5 text-sm text-slate-300 transition hover:border-white/20 hover:bg-white/10 hover:text-white"
            />
          </div>
          <OperatorNav />
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-8">{children}</main>
    </div>
  );
}
