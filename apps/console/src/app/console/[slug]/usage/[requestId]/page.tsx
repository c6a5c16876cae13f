import { TRPCError } from "@trpc/server";
import { UsageDetailView } from "@/components/developer/usage-detail.tsx";
import { getMessages } from "@/i18n/locale.ts";
import { htmlLang } from "@/i18n/messages/index.ts";
import { serverCaller } from "@/server/caller.ts";
import { currentMembership } from "../../tenant.ts";

export const dynamic = "force-dynamic";

export default async function UsageDetailPage({
  params,
}: {
  params: Promise<{ slug: string; requestId: string }>;
}) {
  const { slug, requestId } = await params;
  const [{ membership }, { locale, t }] = await Promise.all([
    currentMembership(slug),
    getMessages(),
  ]);
  const caller = await serverCaller();
  const detail = await caller.usage
    .get({ tenantId: membership.tenant.id, requestId: decodeURIComponent(requestId) })
    .catch((error: unknown) => {
      if (error instanceof TRPCError && error.code === "NOT_FOUND") return null;
      throw error;
    });
  return (
    <UsageDetailView
      detail={detail}
      backHref={`/console/${slug}/usage`}
      t={t}
      lang={htmlLang[locale]}
    />
  );
}
