"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { LoadingRows, QueryError } from "@/components/shared/query-states.tsx";
import { buttonPrimary, EmptyState, PageHeader } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import { CreateKeyDialog } from "./api-key-create-dialog.tsx";
import { EditKeyDialog } from "./api-key-edit-dialog.tsx";
import { RevokeKeyDialog } from "./api-key-revoke-dialog.tsx";
import type { KeyRow } from "./api-key-row.ts";
import { KeyTable } from "./api-key-table.tsx";

export function ApiKeysView({
  tenantId,
  proxyUrl,
  canRevoke,
  suspended = false,
}: {
  tenantId: string;
  proxyUrl: string;
  canRevoke: boolean;
  /** The workspace is suspended: its keys are refused, so none can be created either. */
  suspended?: boolean;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const keys = useQuery(trpc.apiKey.list.queryOptions({ tenantId }));
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<KeyRow>();
  const [editing, setEditing] = useState<KeyRow>();

  const createButton = (
    <button
      type="button"
      onClick={() => setCreating(true)}
      className={buttonPrimary}
      disabled={suspended}
      title={suspended ? t.fixes.suspendedKeyHint : undefined}
    >
      {t.keys.create}
    </button>
  );

  return (
    <div className="space-y-6">
      <PageHeader title={t.keys.title} lead={t.keys.lead} actions={createButton} />
      {suspended && (
        <p data-testid="keys-suspended" className="text-sm text-rose-200">
          {t.fixes.suspendedKeyHint}
        </p>
      )}
      {keys.isPending ? (
        <LoadingRows rows={3} className="h-14" />
      ) : keys.isError ? (
        <QueryError retry={() => void keys.refetch()} />
      ) : keys.data.length === 0 ? (
        <EmptyState title={t.keys.emptyTitle} body={t.keys.emptyBody} action={createButton} />
      ) : (
        <KeyTable
          tenantId={tenantId}
          keys={keys.data}
          canRevoke={canRevoke}
          suspended={suspended}
          onRevoke={setRevoking}
          onEdit={setEditing}
        />
      )}
      {creating && (
        <CreateKeyDialog
          tenantId={tenantId}
          proxyUrl={proxyUrl}
          budgetRequired={!canRevoke}
          onClose={() => setCreating(false)}
        />
      )}
      {editing && (
        <EditKeyDialog tenantId={tenantId} apiKey={editing} onClose={() => setEditing(undefined)} />
      )}
      {revoking && (
        <RevokeKeyDialog
          tenantId={tenantId}
          apiKey={revoking}
          onClose={() => setRevoking(undefined)}
        />
      )}
    </div>
  );
}
