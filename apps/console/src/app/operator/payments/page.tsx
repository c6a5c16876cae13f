import { DisplayCurrencyCard } from "@/components/operator/display-currency-card.tsx";
import { PaymentsView } from "@/components/operator/payments-view.tsx";

export default function OperatorPaymentsPage() {
  return (
    <div className="space-y-6">
      <PaymentsView />
      <DisplayCurrencyCard />
    </div>
  );
}
