import { getDb } from "@relay/db";
import { ServiceError, verifyEmail } from "@relay/services";
import Link from "next/link";
import { buttonPrimary, cardClass } from "@/components/shared/ui.tsx";
import { getMessages } from "@/i18n/locale.ts";

export const dynamic = "force-dynamic";

/** The verification link: spends it and says so, signed in or not. */
export default async function VerifyEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { t } = await getMessages();
  const verified = await verifyEmail({ ctx: { db: getDb() }, input: { token } }).catch(
    (error: unknown) => {
      if (error instanceof ServiceError) return null;
      throw error;
    },
  );
  return (
    <main className="mx-auto flex min-h-dvh max-w-md items-start px-4 pt-16 sm:pt-24">
      <div className={`${cardClass} w-full`} role="status">
        <h1 className="text-xl font-semibold text-white">
          {verified ? t.account.verifyTitle : t.account.verifyInvalidTitle}
        </h1>
        <p className="mt-2 text-sm text-slate-400">
          {verified ? t.account.verifyDone(verified.email) : t.account.verifyInvalid}
        </p>
        <Link href="/console" className={`${buttonPrimary} mt-6`}>
          {t.account.toConsole}
        </Link>
      </div>
    </main>
  );
}
