import { notFound } from "next/navigation";
import { z } from "zod";
import { TenantDetailView } from "@/components/operator/tenant-detail-view.tsx";

export default async function OperatorTenantPage({
  params,
}: {
  params: Promise<{ tenantId: string }>;
}) {
  const { tenantId } = await params;
  if (!z.uuid().safeParse(tenantId).success) notFound();
  return <TenantDetailView tenantId={tenantId} />;
}
