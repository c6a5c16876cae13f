import { AuditLogView } from "@/components/operator/audit-log-view.tsx";

export default async function OperatorAuditPage({
  searchParams,
}: {
  searchParams: Promise<{ tenant?: string | string[] }>;
}) {
  const { tenant } = await searchParams;
  return <AuditLogView initialTenantId={typeof tenant === "string" ? tenant : undefined} />;
}
