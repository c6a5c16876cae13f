import { UsageView } from "@/components/developer/usage-view.tsx";
import { currentMembership } from "../tenant.ts";

export const dynamic = "force-dynamic";

export default async function UsagePage({ params }: { params: Promise<{ slug: string }> }) {
  const { membership } = await currentMembership((await params).slug);
  return <UsageView tenantId={membership.tenant.id} slug={membership.tenant.slug} />;
}
