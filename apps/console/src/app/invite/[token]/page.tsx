import Link from "next/link";
import { InviteAccept } from "@/components/developer/invite-accept.tsx";
import { buttonPrimary, buttonSecondary, cardClass } from "@/components/shared/ui.tsx";
import { getMessages } from "@/i18n/locale.ts";
import { getSession } from "@/server/auth/get-session.ts";

export const dynamic = "force-dynamic";

/** Where an invitation link lands: signed in, accept it; signed out, sign in (or up) first. */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [session, { t }] = await Promise.all([getSession(), getMessages()]);
  const back = encodeURIComponent(`/invite/${encodeURIComponent(token)}`);
  return (
    <main className="mx-auto flex min-h-dvh max-w-md items-start px-4 pt-16 sm:pt-24">
      <div className={`${cardClass} w-full`}>
        <h1 className="text-xl font-semibold text-white">{t.dev.invite.title}</h1>
        <p className="mt-2 text-sm text-slate-400">{t.dev.invite.body}</p>
        {session ? (
          <>
            <p className="mt-4 text-xs text-slate-500">
              {t.dev.invite.signedInAs(session.user.email)}
            </p>
            <InviteAccept token={token} />
          </>
        ) : (
          <div className="mt-6 flex flex-wrap gap-2">
            <Link href={`/sign-in?callbackUrl=${back}`} className={buttonPrimary}>
              {t.dev.invite.signIn}
            </Link>
            <Link href={`/sign-up?callbackUrl=${back}`} className={buttonSecondary}>
              {t.dev.invite.signUp}
            </Link>
          </div>
        )}
      </div>
    </main>
  );
}
