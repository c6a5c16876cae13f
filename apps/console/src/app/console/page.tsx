import { redirect } from "next/navigation";
import { SignOutButton } from "@/components/shared/sign-out-button.tsx";
import { EmptyState } from "@/components/shared/ui.tsx";
import { getMessages } from "@/i18n/locale.ts";
import { serverCaller } from "@/server/caller.ts";

export const dynamic = "force-dynamic";

/** The first workspace the person belongs to; a friendly dead end when there is none. */
export default async function ConsoleHome() {
  const [me, { t }] = await Promise.all([(await serverCaller()).me.get(), getMessages()]);
  const first = me.memberships[0];
  if (first) redirect(`/console/${first.tenant.slug}`);
  // An operator with no workspace of their own works in the operator area.
  if (me.role === "OPERATOR") redirect("/operator");
  return (
    <main className="mx-auto max-w-xl px-6 py-20">
      <EmptyState
        title={t.shell.noTenantTitle}
        body={t.shell.noTenantBody}
        action={<SignOutButton label={t.shell.signOut} />}
      />
    </main>
  );
}
