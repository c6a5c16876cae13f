import { OutboxView } from "@/components/operator/outbox-view.tsx";

export default function OperatorOutboxPage() {
  return <OutboxView />;
}
