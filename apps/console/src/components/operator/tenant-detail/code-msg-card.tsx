"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { cardClass, inputClass } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";

/** The tenant's override of the platform's code/msg switch. */
export function CodeMsgCard({ tenantId, codeMsg }: { tenantId: string; codeMsg: boolean | null }) {
  const { t } = useI18n();
  const c = t.compat;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const save = useMutation(
    trpc.operatorTenants.setCodeMsg.mutationOptions({
      onSuccess: () =>
        queryClient.invalidateQueries({
          queryKey: trpc.operatorTenants.detail.queryKey({ tenantId }),
        }),
    }),
  );
  return (
    <div className={cardClass}>
      <label className="block text-sm">
        <span className="text-slate-400">{c.tenantLabel}</span>
        <select
          className={`${inputClass} mt-2`}
          data-testid="tenant-code-msg"
          value={codeMsg === null ? "inherit" : codeMsg ? "on" : "off"}
          disabled={save.isPending}
          onChange={(event) => {
            const value = event.target.value;
            save.mutate({ tenantId, codeMsg: value === "inherit" ? null : value === "on" });
          }}
        >
          <option value="inherit">{c.choices.inheritPlatform}</option>
          <option value="on">{c.choices.on}</option>
          <option value="off">{c.choices.off}</option>
        </select>
      </label>
      <p className="mt-2 text-xs text-slate-500">{c.codeMsgLead}</p>
      {save.isError && (
        <p role="alert" className="mt-2 text-sm text-rose-300">
          {c.saveFailed}
        </p>
      )}
    </div>
  );
}
