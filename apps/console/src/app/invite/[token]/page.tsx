import { getDb } from "@relay/db";
import { previewInvitation } from "@relay/services";
import Link from "next/link";
import { InviteAccept } from "@/components/developer/invite-accept.tsx";
import { LanguageSwitch } from "@/components/shared/language-switch.tsx";
import { buttonPrimary, buttonSecondary, cardClass } from "@/components/shared/ui.tsx";
import { getMessages } from "@/i18n/locale.ts";
import { getSession } from "@/server/auth/get-session.ts";

export const dynamic = "force-dynamic";

/**
 * Where an invitation link lands: which workspace, who invited, as what. Signed in, accept it;
 * signed out, sign in (back here) or create an account that joins the workspace directly.
 */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [session, { locale, t }, preview] = await Promise.all([
    getSession(),
    getMessages(),
    previewInvitation({ ctx: { db: getDb() }, input: { token } }),
  ]);
  const back = encodeURIComponent(`/invite/${encodeURIComponent(token)}`);
  const role = preview ? t.account.roles[preview.role] : "";
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col items-end gap-4 px-4 pt-6 sm:pt-10">
      <LanguageSwitch locale={locale} t={t} />
      <div className={`${cardClass} w-full`}>
        <h1 className="text-xl font-semibold text-white">
          {preview ? t.account.inviteTo(preview.workspace) : t.dev.invite.title}
        </h1>
        {preview ? (
          <>
            <p className="mt-2 text-sm text-slate-300">
              {preview.inviter
                ? t.account.invitedBy(preview.inviter, role)
                : t.account.invitedAnonymous(role)}
            </p>
            <p className="mt-1 text-xs text-slate-500">{t.account.invitedEmail(preview.email)}</p>
          </>
        ) : (
          <p className="mt-2 text-sm text-slate-400">{t.dev.invite.errors.NOT_FOUND}</p>
        )}
        {!preview ? null : session ? (
          // Signed in: accepting says why a used, withdrawn or expired link does not work.
          <>
            <p className="mt-4 text-xs text-slate-500">
              {t.dev.invite.signedInAs(session.user.email)}
            </p>
            <InviteAccept token={token} />
          </>
        ) : preview.state !== "pending" ? (
          <p role="alert" className="mt-4 text-sm text-rose-200">
            {t.account.inviteGone}
          </p>
        ) : (
          <div className="mt-6 flex flex-wrap gap-2">
            <Link href={`/sign-in?callbackUrl=${back}`} className={buttonPrimary}>
              {t.dev.invite.signIn}
            </Link>
            <Link
              href={`/sign-up?invite=${encodeURIComponent(token)}&callbackUrl=/console`}
              className={buttonSecondary}
            >
              {t.dev.invite.signUp}
            </Link>
          </div>
        )}
      </div>
    </main>
  );
}
