import { AuditLogView } from "@/components/operator/audit-log-view.tsx";

export default async function OperatorAuditPage({
  searchParams,
}: {
  searchParams: Promise<{ tenant?: string | string[]; actor?: string | string[] }>;
}) {
  const { tenant, actor } = await searchParams;
  return (
    <AuditLogView
      initialTenantId={typeof tenant === "string" ? tenant : undefined}
      initialActor={typeof actor === "string" ? actor : undefined}
    />
  );
}
