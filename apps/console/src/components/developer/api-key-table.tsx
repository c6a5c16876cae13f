"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Money, useMoney } from "@/components/shared/money.tsx";
import { DataTable } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import type { KeyRow } from "./api-key-row.ts";

export function KeyTable({
  tenantId,
  keys,
  canRevoke,
  suspended = false,
  onRevoke,
  onEdit,
}: {
  tenantId: string;
  keys: KeyRow[];
  canRevoke: boolean;
  suspended?: boolean;
  onRevoke: (key: KeyRow) => void;
  onEdit: (key: KeyRow) => void;
}) {
  const { t, lang } = useI18n();
  const { format: money } = useMoney();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const setStatus = useMutation(
    trpc.apiKey.setStatus.mutationOptions({
      onSettled: () =>
        queryClient.invalidateQueries({ queryKey: trpc.apiKey.list.queryKey({ tenantId }) }),
    }),
  );
  const day = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: "UTC" });
  const date = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });
  const number = new Intl.NumberFormat(lang);
  const limits = (key: KeyRow) => {
    const parts = [
      key.budget !== null && t.keys.budget(money(key.budget)),
      key.rpmLimit !== null && t.keys.rpm(number.format(key.rpmLimit)),
      key.tpmLimit !== null && t.keys.tpm(number.format(key.tpmLimit)),
      key.allowedModels.length > 0 && t.keys.models(number.format(key.allowedModels.length)),
      key.allowedIps.length > 0 && t.dev.keys.ips(number.format(key.allowedIps.length)),
      key.expiresAt !== null && t.dev.keys.expires(day.format(key.expiresAt)),
    ].filter((part): part is string => typeof part === "string");
    return parts.length > 0 ? parts.join(" · ") : t.keys.noLimits;
  };
  const statusClass: Record<KeyRow["status"], string> = {
    ACTIVE: "bg-emerald-400/10 text-emerald-300 ring-emerald-300/20",
    DISABLED: "bg-amber-400/10 text-amber-200 ring-amber-300/20",
    REVOKED: "bg-slate-400/10 text-slate-400 ring-slate-300/10",
  };
  return (
    <DataTable
      columns={[
        { label: t.keys.name },
        { label: t.keys.status },
        { label: t.keys.lastUsed },
        { label: t.keys.spent, numeric: true },
        { label: t.keys.limits },
        { label: "" },
      ]}
    >
      {keys.map((key) => (
        <tr
          key={key.id}
          data-testid="api-key-row"
          className="grid grid-cols-2 gap-x-4 gap-y-1 px-5 py-4 md:table-row md:p-0"
        >
          <td className="col-span-2 md:px-5 md:py-3.5">
            <div className="font-medium text-slate-100">{key.name}</div>
            <code className="font-mono text-xs text-slate-500">{key.prefix}…</code>
          </td>
          <td className="md:px-5 md:py-3.5">
            {/* A suspended workspace's keys are all refused, whatever their own status says. */}
            {suspended && key.status !== "REVOKED" ? (
              <span
                data-testid="api-key-status"
                className="rounded-full bg-rose-400/10 px-2 py-0.5 text-xs font-medium text-rose-300 ring-1 ring-rose-300/20"
                title={t.fixes.suspendedKeyHint}
              >
                {t.fixes.suspendedKey}
              </span>
            ) : (
              <span
                data-testid="api-key-status"
                className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${statusClass[key.status]}`}
              >
                {t.keys.statuses[key.status]}
              </span>
            )}
          </td>
          <td className="text-right text-xs text-slate-400 md:px-5 md:py-3.5 md:text-left md:text-sm">
            <span className="md:hidden">{t.keys.lastUsed}: </span>
            {key.lastUsedAt ? date.format(key.lastUsedAt) : t.common.never}
          </td>
          <td className="tabular-nums text-slate-300 md:px-5 md:py-3.5 md:text-right">
            <span className="text-xs text-slate-500 md:hidden">{t.keys.spent}: </span>
            <Money micros={key.spent} />
          </td>
          <td className="text-right text-xs text-slate-400 md:px-5 md:py-3.5 md:text-left">
            {limits(key)}
          </td>
          <td className="col-span-2 pt-2 text-right md:px-5 md:py-3.5 md:pt-3.5">
            {canRevoke && key.status !== "REVOKED" && (
              <>
                <button
                  type="button"
                  onClick={() => onEdit(key)}
                  className="rounded-md px-2.5 py-1 text-xs font-medium text-slate-300 transition hover:bg-white/10"
                >
                  {t.dev.keys.edit}
                </button>
                <button
                  type="button"
                  disabled={setStatus.isPending}
                  onClick={() =>
                    setStatus.mutate({
                      tenantId,
                      keyId: key.id,
                      status: key.status === "ACTIVE" ? "DISABLED" : "ACTIVE",
                    })
                  }
                  className="rounded-md px-2.5 py-1 text-xs font-medium text-amber-200 transition hover:bg-amber-400/10 disabled:opacity-60"
                >
                  {key.status === "ACTIVE" ? t.dev.keys.disable : t.dev.keys.enable}
                </button>
              </>
            )}
            {canRevoke && key.status !== "REVOKED" && (
              <button
                type="button"
                onClick={() => onRevoke(key)}
                className="rounded-md px-2.5 py-1 text-xs font-medium text-rose-300 transition hover:bg-rose-500/10"
              >
                {t.keys.revoke}
              </button>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
