import { CodesView } from "@/components/operator-catalog/codes-view.tsx";

export default function OperatorCodesPage() {
  return <CodesView />;
}
