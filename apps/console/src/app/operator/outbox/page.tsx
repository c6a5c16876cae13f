import { OutboxView } from "@/components/operator-outbox/outbox-view.tsx";

export default function OperatorOutboxPage() {
  return <OutboxView />;
}
