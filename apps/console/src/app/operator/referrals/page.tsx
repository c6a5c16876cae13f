import { ReferralsView } from "@/components/operator/referrals/referrals-view.tsx";

export default function OperatorReferralsPage() {
  return <ReferralsView />;
}
