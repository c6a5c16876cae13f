import Link from "next/link";
import { LanguageSwitch } from "@/components/shared/language-switch.tsx";
import { buttonPrimary, EmptyState } from "@/components/shared/ui.tsx";
import { getMessages } from "@/i18n/locale.ts";

/**
 * The platform's 404: an unknown URL, or a workspace the person is not a member of (the same
 * answer, so slugs cannot be probed), with the way back to their own workspaces.
 */
export async function BrandedNotFound() {
  const { locale, t } = await getMessages();
  return (
    <main className="relative mx-auto flex min-h-dvh max-w-xl flex-col px-6 py-10">
      <Link href="/" className="flex items-center gap-2.5">
        <span className="grid size-8 place-items-center rounded-lg bg-gradient-to-br from-indigo-400 to-cyan-400 font-bold text-slate-950">
          R
        </span>
        <span className="text-lg font-semibold tracking-tight">Relay</span>
      </Link>
      <div className="absolute top-6 right-6">
        <LanguageSwitch locale={locale} t={t} />
      </div>
      <div className="mt-16">
        <EmptyState
          title={t.account.notFoundTitle}
          body={t.account.notFoundBody}
          action={
            <Link href="/console" className={buttonPrimary}>
              {t.account.notFoundBack}
            </Link>
          }
        />
      </div>
    </main>
  );
}
