"use client";
// The referred side's line in its balance history: which workspace's invite it joined through.
// Nothing about the referrer's reward is shown here; that is the referrer's to see.
import { useQuery } from "@tanstack/react-query";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";

export function ReferredNote({ tenantId }: { tenantId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const stats = useQuery(trpc.referral.stats.queryOptions({ tenantId }));
  const referredBy = stats.data?.referredBy;
  if (!referredBy) return null;
  return (
    <p
      className="inline-flex rounded-full bg-indigo-400/10 px-3 py-1 text-xs text-indigo-200 ring-1 ring-indigo-300/20"
      data-testid="referred-by"
    >
      {t.referral.joinedThrough(referredBy.name)}
    </p>
  );
}
