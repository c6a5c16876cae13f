import { TRPCError } from "@trpc/server";
import { ReceiptView } from "@/components/developer/receipt-view.tsx";
import { getMessages } from "@/i18n/locale.ts";
import { htmlLang } from "@/i18n/messages/index.ts";
import { serverCaller } from "@/server/caller.ts";
import { currentMembership } from "../../../tenant.ts";

export const dynamic = "force-dynamic";

export default async function ReceiptPage({
  params,
}: {
  params: Promise<{ slug: string; orderId: string }>;
}) {
  const { slug, orderId } = await params;
  const [{ membership }, { locale, t }] = await Promise.all([
    currentMembership(slug),
    getMessages(),
  ]);
  const caller = await serverCaller();
  const receipt = await caller.billing
    .receipt({ tenantId: membership.tenant.id, orderId })
    .catch((error: unknown) => {
      // Not this tenant's, never paid, or not an order id at all: the same "no receipt".
      if (
        error instanceof TRPCError &&
        (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")
      )
        return null;
      throw error;
    });
  return (
    <ReceiptView
      receipt={receipt}
      backHref={`/console/${slug}/billing`}
      t={t}
      lang={htmlLang[locale]}
    />
  );
}
