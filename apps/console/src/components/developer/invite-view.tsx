"use client";
// The workspace's invite link, what its referrals have earned it, and the operator's rule in
// words. Every member may see it; the rewards themselves are rows of the balance history.
import { useQuery } from "@tanstack/react-query";
import { CopyButton } from "@/components/shared/copy-button.tsx";
import { useMoney } from "@/components/shared/money.tsx";
import { LoadingRows, QueryError } from "@/components/shared/query-states.tsx";
import { cardClass, PageHeader } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { bpsToPercent } from "@/lib/percent.ts";
import { useTRPC } from "@/trpc/client.tsx";

export function InviteView({ tenantId }: { tenantId: string }) {
  const { t } = useI18n();
  const { format: money } = useMoney();
  const r = t.referral;
  const trpc = useTRPC();
  const stats = useQuery(trpc.referral.stats.queryOptions({ tenantId }));

  if (stats.isPending) {
    return (
      <div className="space-y-6">
        <PageHeader title={r.title} lead={r.lead} />
        <LoadingRows rows={3} className="h-24" />
      </div>
    );
  }
  if (stats.isError) {
    return (
      <div className="space-y-6">
        <PageHeader title={r.title} lead={r.lead} />
        <QueryError retry={() => void stats.refetch()} />
      </div>
    );
  }
  const { link, signUps, earned, rewards, referredBy, rule } = stats.data;
  const percent = bpsToPercent(rule.rateBps);
  return (
    <div className="space-y-6">
      <PageHeader title={r.title} lead={r.lead} />
      <section className={`${cardClass} space-y-3`} aria-labelledby="invite-link">
        <h2 id="invite-link" className="font-semibold text-white">
          {r.linkTitle}
        </h2>
        <div className="flex items-center gap-2">
          <code
            className="min-w-0 flex-1 break-all rounded-lg bg-slate-900/70 px-3 py-2 font-mono text-sm text-slate-100"
            data-testid="invite-link"
          >
            {link}
          </code>
          <CopyButton value={link} label={t.common.copy} copiedLabel={t.common.copied} />
        </div>
        <p className="text-xs text-slate-400">{r.linkHint}</p>
        <p className="text-sm text-slate-300" data-testid="invite-rule">
          {!rule.enabled
            ? r.off
            : rule.capPerReferred === null
              ? r.rule(percent)
              : r.ruleCapped(percent, money(rule.capPerReferred))}
        </p>
      </section>
      <dl className="grid gap-4 sm:grid-cols-3">
        <Stat label={r.signUps} value={String(signUps)} testId="invite-signups" />
        <Stat label={r.earned} value={money(earned)} testId="invite-earned" />
        <Stat label={r.rewards} value={String(rewards)} testId="invite-rewards" />
      </dl>
      <p className="text-xs text-slate-500">{r.earnedHint}</p>
      {referredBy && (
        <p className="text-sm text-slate-400" data-testid="referred-by">
          {r.joinedThrough(referredBy.name)}
        </p>
      )}
    </div>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className={cardClass}>
      <dt className="text-sm font-medium text-slate-400">{label}</dt>
      <dd
        className="mt-2 font-mono text-2xl font-semibold tabular-nums text-white"
        data-testid={testId}
      >
        {value}
      </dd>
    </div>
  );
}
