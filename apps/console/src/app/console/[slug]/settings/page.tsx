import { SettingsView } from "@/components/developer/settings-view.tsx";
import { currentMembership } from "../tenant.ts";

export const dynamic = "force-dynamic";

export default async function SettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { membership } = await currentMembership((await params).slug);
  return <SettingsView tenantId={membership.tenant.id} />;
}
