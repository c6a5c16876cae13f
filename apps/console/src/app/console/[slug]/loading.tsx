import { DashboardSkeleton, Skeleton } from "@/components/shared/ui.tsx";

export default function TenantLoading() {
  return (
    <div className="space-y-5">
      <Skeleton className="h-8 w-48" />
      <DashboardSkeleton />
    </div>
  );
}
