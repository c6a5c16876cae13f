import { PaymentsView } from "@/components/operator/payments-view.tsx";

export default function OperatorPaymentsPage() {
  return <PaymentsView />;
}
