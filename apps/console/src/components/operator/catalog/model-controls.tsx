"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { buttonSecondary, inputClass } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";

const KINDS = ["CHAT", "COMPLETION", "EMBEDDING", "IMAGE", "AUDIO", "MODERATION"] as const;
export type ModelKind = (typeof KINDS)[number];

/** A model's kind and its on/off switch, saved at once through operatorCatalog.updateModel. */
export function ModelControls({
  model,
  kind,
  enabled,
}: {
  model: string;
  kind: ModelKind;
  enabled: boolean;
}) {
  const { t } = useI18n();
  const m = t.catalog.models;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(
    trpc.operatorCatalog.updateModel.mutationOptions({
      onSuccess: () =>
        queryClient.invalidateQueries({ queryKey: trpc.operatorCatalog.models.queryKey() }),
    }),
  );
  return (
    <div className="flex flex-col items-start gap-1.5">
      <select
        className={`${inputClass} w-auto py-1 text-xs`}
        value={kind}
        aria-label={m.kindLabel(model)}
        disabled={update.isPending}
        onChange={(event) => {
          const next = KINDS.find((k) => k === event.target.value);
          if (next) update.mutate({ model, kind: next });
        }}
      >
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {m.kinds[k]}
          </option>
        ))}
      </select>
      <div className="flex items-center gap-2">
        <span
          data-testid="model-status"
          className={`text-xs ${enabled ? "text-emerald-300" : "text-rose-300"}`}
          title={enabled ? undefined : m.disabledHint}
        >
          {enabled ? m.enabled : m.disabled}
        </span>
        <button
          type="button"
          className={`${buttonSecondary} px-2 py-0.5 text-xs`}
          disabled={update.isPending}
          onClick={() => update.mutate({ model, enabled: !enabled })}
        >
          {enabled ? m.disable : m.enable}
        </button>
      </div>
      {update.isError && (
        <p role="alert" className="text-xs text-rose-300">
          {m.updateFailed}
        </p>
      )}
    </div>
  );
}
