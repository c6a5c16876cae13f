"use client";
// The operator's referral page: the reward rule (on/off, percentage, cap per referred workspace)
// and every reward paid, with what refunds took back.
import { useQuery } from "@tanstack/react-query";
import { LoadingRows, QueryError } from "@/components/shared/query-states.tsx";
import { PageHeader } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import { RewardsList } from "./rewards-list.tsx";
import { RuleForm } from "./rule-form.tsx";

export function ReferralsView() {
  const { t } = useI18n();
  const o = t.referral.operator;
  const trpc = useTRPC();
  const rule = useQuery(trpc.operatorReferrals.get.queryOptions());
  return (
    <div className="space-y-6">
      <PageHeader title={o.title} lead={o.lead} />
      {rule.isPending ? (
        <LoadingRows rows={2} className="h-24" />
      ) : rule.isError ? (
        <QueryError retry={() => void rule.refetch()} />
      ) : (
        <RuleForm loaded={rule.data} />
      )}
      <RewardsList />
    </div>
  );
}
