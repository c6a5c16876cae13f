import type { ReactNode } from "react";
import { ConsoleNav } from "@/components/developer/nav.tsx";
import { SuspendedBanner } from "@/components/developer/suspended-banner.tsx";
import { TenantSwitcher } from "@/components/developer/tenant-switcher.tsx";
import { LanguageSwitch } from "@/components/shared/language-switch.tsx";
import { SignOutButton } from "@/components/shared/sign-out-button.tsx";
import { getMessages } from "@/i18n/locale.ts";
import { currentMembership } from "./tenant.ts";

export default async function TenantLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const [{ me, membership }, { locale, t }] = await Promise.all([
    currentMembership(slug),
    getMessages(),
  ]);
  return (
    <div className="min-h-dvh">
      <header className="sticky top-0 z-30 border-b border-white/10 bg-slate-950/85 backdrop-blur">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
          <a href="/" className="flex items-center gap-2">
            <span className="grid size-7 place-items-center rounded-lg bg-gradient-to-br from-indigo-400 to-cyan-400 text-sm font-bold text-slate-950">
              R
            </span>
            <span className="hidden font-semibold tracking-tight sm:inline">Relay</span>
          </a>
          <TenantSwitcher
            current={membership.tenant.slug}
            memberships={me.memberships.map((m) => ({
              slug: m.tenant.slug,
              name: m.tenant.name,
              role: m.role,
            }))}
          />
          <div className="ml-auto flex items-center gap-2">
            <a
              href="/account"
              className="hidden max-w-48 truncate text-xs text-slate-500 hover:text-slate-300 md:inline"
              title={t.account.pageTitle}
            >
              {me.email}
            </a>
            {me.role === "OPERATOR" && (
              <a
                href="/operator"
                className="rounded-md bg-amber-400/10 px-1.5 py-0.5 text-[11px] font-medium text-amber-200 ring-1 ring-amber-300/20 hover:bg-amber-400/20"
              >
                {t.operator.open}
              </a>
            )}
            <LanguageSwitch locale={locale} t={t} />
            <SignOutButton
              label={t.shell.signOut}
              className="rounded-full border border-white/10 px-3.5 py-1.5 text-sm text-slate-300 transition hover:border-white/20 hover:bg-white/10 hover:text-white"
            />
          </div>
          <ConsoleNav slug={membership.tenant.slug} />
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-8">
        {membership.tenant.status === "SUSPENDED" && (
          <div className="mb-6">
            <SuspendedBanner reason={membership.tenant.suspendedReason} t={t} />
          </div>
        )}
        {children}
      </main>
    </div>
  );
}
