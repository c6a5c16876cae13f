import { FineTuningPricesView } from "@/components/operator/fine-tuning/fine-tuning-view.tsx";

export default function OperatorFineTuningPage() {
  return <FineTuningPricesView />;
}
