import { InviteView } from "@/components/developer/invite-view.tsx";
import { currentMembership } from "../tenant.ts";

export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ slug: string }> }) {
  const { membership } = await currentMembership((await params).slug);
  return <InviteView tenantId={membership.tenant.id} />;
}
