import { ModelsView } from "@/components/developer/models-view.tsx";
import { currentMembership } from "../tenant.ts";

export const dynamic = "force-dynamic";

export default async function ModelsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { membership } = await currentMembership((await params).slug);
  return <ModelsView tenantId={membership.tenant.id} />;
}
