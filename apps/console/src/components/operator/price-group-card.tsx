"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ppmAsPercent } from "@/components/shared/format.ts";
import {
  buttonPrimary,
  buttonSecondary,
  cardClass,
  FieldError,
  inputClass,
} from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import { errorMessage } from "./states.tsx";

export function PriceGroupCard({
  tenantId,
  current,
}: {
  tenantId: string;
  current: { id: string; name: string; multiplierPpm: number } | null;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const groups = useQuery(trpc.operatorCatalog.priceGroups.queryOptions());
  const [selected, setSelected] = useState(current?.id ?? "");
  const [adding, setAdding] = useState(false);
  const [name, setName] = useState("");
  const [percent, setPercent] = useState("100");
  const invalidate = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.operatorTenants.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.operatorCatalog.priceGroups.queryKey() }),
    ]);
  const assign = useMutation(
    trpc.operatorTenants.assignPriceGroup.mutationOptions({ onSuccess: invalidate }),
  );
  const create = useMutation(
    trpc.operatorCatalog.savePriceGroup.mutationOptions({
      onSuccess: async (group) => {
        await invalidate();
        setSelected(group.id);
        setAdding(false);
        setName("");
      },
    }),
  );
  const submitGroup = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name: name.trim(), multiplier: percent.trim() });
  };

  return (
    <div className={cardClass}>
      <div className="text-sm text-slate-400">{t.operator.detail.priceGroup}</div>
      <div className="mt-2 font-medium text-white" data-testid="tenant-price-group">
        {current
          ? `${current.name} · ${ppmAsPercent(current.multiplierPpm)}%`
          : t.operator.detail.listPrices}
      </div>
      <div className="mt-3 flex gap-2">
        <select
          className={`${inputClass} min-w-0 flex-1`}
          value={selected}
          onChange={(event) => setSelected(event.target.value)}
          aria-label={t.operator.detail.priceGroup}
          disabled={groups.isPending}
        >
          <option value="">{t.operator.detail.listPrices}</option>
          {groups.data?.map((group) => (
            <option key={group.id} value={group.id}>
              {group.name} · {ppmAsPercent(group.multiplierPpm)}%
            </option>
          ))}
        </select>
        <button
          type="button"
          className={buttonSecondary}
          disabled={assign.isPending || selected === (current?.id ?? "")}
          onClick={() => assign.mutate({ tenantId, priceGroupId: selected || null })}
        >
          {assign.isPending ? t.operator.detail.assigning : t.operator.detail.assign}
        </button>
      </div>
      <FieldError
        id="assign-error"
        message={assign.isError ? errorMessage(assign.error, t.auth.errors.generic) : undefined}
      />
      {adding ? (
        <form onSubmit={submitGroup} className="mt-3 space-y-2" noValidate>
          <input
            className={inputClass}
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder={t.operator.detail.groupName}
            aria-label={t.operator.detail.groupName}
            maxLength={80}
          />
          <input
            className={inputClass}
            value={percent}
            inputMode="decimal"
            onChange={(event) => setPercent(event.target.value)}
            aria-label={t.operator.detail.multiplier}
          />
          <p className="text-xs text-slate-500">{t.operator.detail.multiplierHint}</p>
          <FieldError
            id="group-error"
            message={create.isError ? errorMessage(create.error, t.auth.errors.generic) : undefined}
          />
          <div className="flex gap-2">
            <button
              type="submit"
              className={buttonPrimary}
              disabled={create.isPending || !name.trim()}
            >
              {t.operator.detail.createGroup}
            </button>
            <button type="button" className={buttonSecondary} onClick={() => setAdding(false)}>
              {t.common.cancel}
            </button>
          </div>
        </form>
      ) : (
        <button
          type="button"
          className="mt-2 text-xs text-indigo-300 hover:text-indigo-200"
          onClick={() => setAdding(true)}
        >
          + {t.operator.detail.newGroup}
        </button>
      )}
    </div>
  );
}
