import { DashboardView } from "@/components/operator/dashboard-view.tsx";

export default function OperatorDashboardPage() {
  return <DashboardView />;
}
