"use client";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { buttonPrimary, cardClass, FieldError, inputClass } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import { errorMessage } from "../states.tsx";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Sets one tenant's storage quota in MiB; empty returns it to the default. */
export function QuotaForm() {
  const { t } = useI18n();
  const o = t.fineTuning.operator;
  const trpc = useTRPC();
  const [tenantId, setTenantId] = useState("");
  const [mib, setMib] = useState("");
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const save = useMutation(trpc.operatorFineTuning.setQuota.mutationOptions());

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    if (!UUID.test(tenantId.trim())) return setError(o.errors.tenant);
    if (mib.trim() !== "" && !/^\d{1,9}$/.test(mib.trim())) return setError(o.errors.mib);
    setError(undefined);
    try {
      await save.mutateAsync({
        tenantId: tenantId.trim(),
        mib: mib.trim() === "" ? null : Number(mib.trim()),
      });
      setSaved(true);
    } catch (failure) {
      setError(errorMessage(failure, o.errors.generic));
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className={`${cardClass} space-y-4`}>
      <div>
        <h2 className="font-semibold text-white">{o.quotaTitle}</h2>
        <p className="mt-1 text-sm text-slate-400">{o.quotaLead}</p>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="space-y-1.5">
          <label htmlFor="quota-tenant" className="text-sm font-medium text-slate-200">
            {o.tenantId}
          </label>
          <input
            id="quota-tenant"
            name="tenantId"
            value={tenantId}
            onChange={(event) => setTenantId(event.target.value)}
            className={inputClass}
          />
        </div>
        <div className="space-y-1.5">
          <label htmlFor="quota-mib" className="text-sm font-medium text-slate-200">
            {o.quotaMib}
          </label>
          <input
            id="quota-mib"
            name="mib"
            inputMode="numeric"
            value={mib}
            onChange={(event) => setMib(event.target.value)}
            className={inputClass}
          />
          <p className="text-xs text-slate-500">{o.quotaHint}</p>
        </div>
      </div>
      <FieldError id="quota-error" message={error} />
      <div className="flex items-center gap-3">
        <button type="submit" disabled={save.isPending} className={buttonPrimary}>
          {save.isPending ? o.saving : o.save}
        </button>
        {saved && (
          <span role="status" className="text-sm text-emerald-300">
            {o.saved}
          </span>
        )}
      </div>
    </form>
  );
}
