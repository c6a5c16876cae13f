import { BillingView } from "@/components/developer/billing-view.tsx";
import { currentMembership } from "../tenant.ts";

export const dynamic = "force-dynamic";

export default async function BillingPage({ params }: { params: Promise<{ slug: string }> }) {
  const { membership } = await currentMembership((await params).slug);
  return <BillingView tenantId={membership.tenant.id} />;
}
