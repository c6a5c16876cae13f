"use client";
import { useQuery } from "@tanstack/react-query";
import { QueryError } from "@/components/shared/query-states.tsx";
import { PageHeader, Skeleton } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import { GeneralForm } from "./settings/general-form.tsx";
import { InvitationsCard } from "./settings/invitations-card.tsx";
import { MembersCard } from "./settings/members-card.tsx";
import { rank } from "./settings/shared.ts";

/** The settings page: one card per section, each in its own file under ./settings/. */
export function SettingsView({ tenantId }: { tenantId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const settings = useQuery(trpc.settings.get.queryOptions({ tenantId }));

  return (
    <div className="space-y-6">
      <PageHeader title={t.dev.settings.title} lead={t.dev.settings.lead} />
      {settings.isPending ? (
        <div className="space-y-3" aria-busy>
          <Skeleton className="h-48" />
          <Skeleton className="h-40" />
        </div>
      ) : settings.isError ? (
        <QueryError retry={() => void settings.refetch()} />
      ) : (
        <>
          <GeneralForm tenantId={tenantId} settings={settings.data} />
          <MembersCard
            tenantId={tenantId}
            myRole={settings.data.myRole}
            myUserId={settings.data.myUserId}
          />
          {rank[settings.data.myRole] >= rank.ADMIN && <InvitationsCard tenantId={tenantId} />}
        </>
      )}
    </div>
  );
}
