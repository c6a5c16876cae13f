import { FineTuningView } from "@/components/developer/fine-tuning-view.tsx";
import { currentMembership } from "../tenant.ts";

export const dynamic = "force-dynamic";

export default async function FineTuningPage({ params }: { params: Promise<{ slug: string }> }) {
  const { membership } = await currentMembership((await params).slug);
  return <FineTuningView tenantId={membership.tenant.id} />;
}
