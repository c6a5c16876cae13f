import { ApiKeysView } from "@/components/developer/api-keys-view.tsx";
import { env } from "@/env.ts";
import { currentMembership } from "../tenant.ts";

export const dynamic = "force-dynamic";

export default async function ApiKeysPage({ params }: { params: Promise<{ slug: string }> }) {
  const { membership } = await currentMembership((await params).slug);
  return (
    <ApiKeysView
      tenantId={membership.tenant.id}
      proxyUrl={env.RELAY_PROXY_PUBLIC_URL}
      canRevoke={membership.role !== "DEVELOPER"}
      suspended={membership.tenant.status === "SUSPENDED"}
    />
  );
}
