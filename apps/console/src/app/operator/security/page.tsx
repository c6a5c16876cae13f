import { OperatorSecurityView } from "@/components/operator/security-view.tsx";

export default function OperatorSecurityPage() {
  return <OperatorSecurityView />;
}
