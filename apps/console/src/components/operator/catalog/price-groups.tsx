"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ppmAsPercent, trpcCode } from "@/components/shared/format.ts";
import { Modal } from "@/components/shared/modal.tsx";
import { LoadingRows, QueryError } from "@/components/shared/query-states.tsx";
import {
  buttonPrimary,
  buttonSecondary,
  cardClass,
  FieldError,
  inputClass,
} from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";

interface Group {
  id: string;
  name: string;
  multiplierPpm: number;
  tenantCount: number;
}

export function PriceGroups() {
  const { t } = useI18n();
  const g = t.catalog.groups;
  const trpc = useTRPC();
  const groups = useQuery(trpc.operatorCatalog.priceGroups.queryOptions());
  const [editing, setEditing] = useState<Group | "new">();
  return (
    <section className={cardClass}>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 className="font-semibold text-white">{g.title}</h2>
          <p className="mt-1 text-sm text-slate-400">{g.lead}</p>
        </div>
        <button type="button" className={buttonSecondary} onClick={() => setEditing("new")}>
          {g.create}
        </button>
      </div>
      <div className="mt-4">
        {groups.isPending ? (
          <LoadingRows rows={2} />
        ) : groups.isError ? (
          <QueryError retry={() => void groups.refetch()} />
        ) : groups.data.length === 0 ? (
          <p className="text-sm text-slate-400">{g.emptyBody}</p>
        ) : (
          <ul className="divide-y divide-white/5">
            {groups.data.map((group) => (
              <li key={group.id} className="flex items-center justify-between gap-3 py-2 text-sm">
                <span className="min-w-0 truncate text-slate-100">{group.name}</span>
                <span className="ml-auto font-mono text-slate-300">
                  {ppmAsPercent(group.multiplierPpm)}%
                </span>
                <span className="w-20 text-right text-xs text-slate-500">
                  {g.tenants}: {group.tenantCount}
                </span>
                <button
                  type="button"
                  className="text-sm text-indigo-300 hover:text-indigo-200"
                  onClick={() => setEditing(group)}
                >
                  {g.edit}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      {editing && (
        <GroupForm
          group={editing === "new" ? undefined : editing}
          onClose={() => setEditing(undefined)}
        />
      )}
    </section>
  );
}

function GroupForm({ group, onClose }: { group?: Group; onClose: () => void }) {
  const { t } = useI18n();
  const g = t.catalog.groups;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const save = useMutation(
    trpc.operatorCatalog.savePriceGroup.mutationOptions({
      onSuccess: async () => {
        // Tenant pages show the group's name and multiplier too.
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.operatorCatalog.priceGroups.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.operatorTenants.pathKey() }),
        ]);
        onClose();
      },
    }),
  );
  const [name, setName] = useState(group?.name ?? "");
  const [multiplier, setMultiplier] = useState(group ? ppmAsPercent(group.multiplierPpm) : "100");
  const [errors, setErrors] = useState<{ name?: string; multiplier?: string }>({});

  function submit(event: FormEvent) {
    event.preventDefault();
    const next: typeof errors = {};
    if (!name.trim()) next.name = g.errors.name;
    if (!/^\d{1,4}(\.\d{1,4})?$/.test(multiplier.trim()) || Number(multiplier) <= 0) {
      next.multiplier = g.errors.multiplier;
    }
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    save.mutate({ id: group?.id, name: name.trim(), multiplier: multiplier.trim() });
  }

  const serverError =
    trpcCode(save.error) === "CONFLICT"
      ? g.errors.conflict
      : save.error
        ? g.errors.generic
        : undefined;
  return (
    <Modal title={group ? g.editTitle(group.name) : g.createTitle} onClose={onClose}>
      <form onSubmit={submit} noValidate className="space-y-4">
        <label className="block text-sm">
          <span className="text-slate-300">{g.name}</span>
          <input
            className={`${inputClass} mt-1.5`}
            value={name}
            aria-invalid={Boolean(errors.name)}
            onChange={(e) => setName(e.target.value)}
          />
          <FieldError id="group-name-error" message={errors.name} />
        </label>
        <label className="block text-sm">
          <span className="text-slate-300">{g.multiplier}</span>
          <input
            className={`${inputClass} mt-1.5 font-mono`}
            inputMode="decimal"
            value={multiplier}
            aria-invalid={Boolean(errors.multiplier)}
            onChange={(e) => setMultiplier(e.target.value)}
          />
          <span className="mt-1 block text-xs text-slate-500">{g.multiplierHint}</span>
          <FieldError id="group-multiplier-error" message={errors.multiplier} />
        </label>
        <FieldError id="group-server-error" message={serverError} />
        <div className="flex justify-end gap-2">
          <button type="button" className={buttonSecondary} onClick={onClose}>
            {t.common.cancel}
          </button>
          <button type="submit" className={buttonPrimary} disabled={save.isPending}>
            {g.save}
          </button>
        </div>
      </form>
    </Modal>
  );
}
