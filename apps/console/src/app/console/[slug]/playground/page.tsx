import { PlaygroundView } from "@/components/developer/playground-view.tsx";
import { currentMembership } from "../tenant.ts";

export const dynamic = "force-dynamic";

export default async function PlaygroundPage({ params }: { params: Promise<{ slug: string }> }) {
  const { membership } = await currentMembership((await params).slug);
  return <PlaygroundView tenantId={membership.tenant.id} slug={membership.tenant.slug} />;
}
