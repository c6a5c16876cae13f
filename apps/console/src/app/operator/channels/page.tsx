import { ChannelsView } from "@/components/operator/catalog/channels-view.tsx";

export default function OperatorChannelsPage() {
  return <ChannelsView />;
}
