import { getDb } from "@relay/db";
import { getOperatorTwoFactorRequired } from "@relay/services";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SecurityView } from "@/components/shared/account/security-view.tsx";
import { LanguageSwitch } from "@/components/shared/language-switch.tsx";
import { PageHeader } from "@/components/shared/ui.tsx";
import { getMessages } from "@/i18n/locale.ts";
import { getSession } from "@/server/auth/get-session.ts";

export const dynamic = "force-dynamic";

/** Account settings: reachable with or without a workspace (an operator sent to set up 2FA). */
export default async function AccountPage() {
  const session = await getSession();
  if (!session) redirect("/sign-in?callbackUrl=/account");
  const [{ locale, t }, required] = await Promise.all([
    getMessages(),
    session.user.role === "OPERATOR"
      ? getOperatorTwoFactorRequired({ ctx: { db: getDb() } })
      : false,
  ]);
  return (
    <main className="mx-auto max-w-2xl px-4 py-8 sm:px-6">
      <div className="mb-6 flex items-center justify-between">
        <Link href="/console" className="text-sm text-indigo-300 hover:text-indigo-200">
          ← {t.account.notFoundBack}
        </Link>
        <LanguageSwitch locale={locale} t={t} />
      </div>
      <div className="mb-6">
        <PageHeader title={t.account.pageTitle} />
      </div>
      <SecurityView operatorMustEnroll={required} />
    </main>
  );
}
