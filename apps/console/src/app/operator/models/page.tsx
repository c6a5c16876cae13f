import { ModelsView } from "@/components/operator/catalog/models-view.tsx";

export default function OperatorModelsPage() {
  return <ModelsView />;
}
