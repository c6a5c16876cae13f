import { PaymentsView } from "@/components/operator-payments/payments-view.tsx";

export default function OperatorPaymentsPage() {
  return <PaymentsView />;
}
