"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { LoadingRows, QueryError } from "@/components/shared/query-states.tsx";
import { buttonPrimary, EmptyState, PageHeader } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import { ChannelCard } from "./channel-card.tsx";
import { ChannelForm } from "./channel-form.tsx";
import type { ChannelRow } from "./channel-types.ts";

export function ChannelsView() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const channels = useQuery(trpc.operatorCatalog.channels.queryOptions());
  const [editing, setEditing] = useState<ChannelRow | "new">();
  const [serve, setServe] = useState<string[]>([]);
  const addButton = (
    <button type="button" className={buttonPrimary} onClick={() => setEditing("new")}>
      {t.catalog.channels.add}
    </button>
  );
  return (
    <div className="space-y-6">
      <PageHeader
        title={t.catalog.channels.title}
        lead={t.catalog.channels.lead}
        actions={addButton}
      />
      {channels.isPending ? (
        <LoadingRows rows={3} className="h-40" />
      ) : channels.isError ? (
        <QueryError retry={() => void channels.refetch()} />
      ) : channels.data.length === 0 ? (
        <EmptyState
          title={t.catalog.channels.emptyTitle}
          body={t.catalog.channels.emptyBody}
          action={addButton}
        />
      ) : (
        <ul className="space-y-3">
          {channels.data.map((channel) => (
            <ChannelCard
              key={channel.id}
              channel={channel}
              onEdit={(models) => {
                setServe(models ?? []);
                setEditing(channel);
              }}
            />
          ))}
        </ul>
      )}
      {editing && (
        <ChannelForm
          channel={editing === "new" ? undefined : editing}
          serve={serve}
          onClose={() => {
            setEditing(undefined);
            setServe([]);
          }}
        />
      )}
    </div>
  );
}
