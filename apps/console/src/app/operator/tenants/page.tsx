import { TenantsView } from "@/components/operator/tenants-view.tsx";

export default function OperatorTenantsPage() {
  return <TenantsView />;
}
