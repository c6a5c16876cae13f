import { CodesView } from "@/components/operator/codes-view.tsx";

export default function OperatorCodesPage() {
  return <CodesView />;
}
