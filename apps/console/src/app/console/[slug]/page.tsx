import { OverviewView } from "@/components/developer/overview-view.tsx";
import { currentMembership } from "./tenant.ts";

export const dynamic = "force-dynamic";

export default async function OverviewPage({ params }: { params: Promise<{ slug: string }> }) {
  const { membership } = await currentMembership((await params).slug);
  return <OverviewView tenantId={membership.tenant.id} slug={membership.tenant.slug} />;
}
