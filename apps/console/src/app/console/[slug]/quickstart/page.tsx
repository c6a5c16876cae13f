import { QuickstartView } from "@/components/developer/quickstart-view.tsx";
import { env } from "@/env.ts";
import { currentMembership } from "../tenant.ts";

export const dynamic = "force-dynamic";

export default async function QuickstartPage({ params }: { params: Promise<{ slug: string }> }) {
  const { membership } = await currentMembership((await params).slug);
  return (
    <QuickstartView
      tenantId={membership.tenant.id}
      slug={membership.tenant.slug}
      baseUrl={env.RELAY_PROXY_PUBLIC_URL}
    />
  );
}
