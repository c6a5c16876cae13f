"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { QueryError } from "@/components/shared/query-states.tsx";
import { cardClass, inputClass } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import type { ModelKind } from "./model-controls.tsx";

/** The kind of model each endpoint's default is chosen from. */
const KIND_OF = {
  chat: "CHAT",
  completions: "COMPLETION",
  embeddings: "EMBEDDING",
  images: "IMAGE",
  audio: "AUDIO",
} as const satisfies Record<string, ModelKind>;

/** Default models per endpoint and the platform's code/msg switch, on the models page. */
export function ClientDefaults({
  models,
}: {
  models: readonly { id: string; kind: ModelKind; enabled: boolean }[];
}) {
  const { t } = useI18n();
  const c = t.compat;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.operatorCatalog.clientDefaults.queryOptions());
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.operatorCatalog.clientDefaults.queryKey() });
  const setDefault = useMutation(
    trpc.operatorCatalog.setDefaultModel.mutationOptions({ onSuccess: refresh }),
  );
  const setCodeMsg = useMutation(
    trpc.operatorCatalog.setCodeMsg.mutationOptions({ onSuccess: refresh }),
  );
  if (current.isError) return <QueryError retry={() => void current.refetch()} />;
  const failed = setDefault.isError || setCodeMsg.isError;

  return (
    <section className={cardClass} data-testid="client-defaults">
      <h2 className="text-base font-semibold text-white">{c.title}</h2>
      <p className="mt-1 text-sm text-slate-400">{c.lead}</p>
      <div className="mt-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {current.data?.defaults.map(({ endpoint, model }) => {
          const choices = models.filter(
            (m) => m.id === model || (m.enabled && m.kind === KIND_OF[endpoint]),
          );
          return (
            <label key={endpoint} className="block text-sm">
              <span className="text-slate-300">{c.endpoints[endpoint]}</span>
              <select
                className={`${inputClass} mt-1.5`}
                value={model ?? ""}
                aria-label={c.defaultLabel(c.endpoints[endpoint])}
                data-endpoint={endpoint}
                disabled={setDefault.isPending}
                onChange={(event) =>
                  setDefault.mutate({ endpoint, model: event.target.value || null })
                }
              >
                <option value="">{c.none}</option>
                {choices.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.id}
                  </option>
                ))}
              </select>
            </label>
          );
        })}
      </div>
      <h3 className="mt-6 text-sm font-medium text-white">{c.codeMsgTitle}</h3>
      <p className="mt-1 text-xs text-slate-500">{c.codeMsgLead}</p>
      <label className="mt-3 flex items-center gap-2 text-sm text-slate-300">
        <input
          type="checkbox"
          data-testid="platform-code-msg"
          checked={current.data?.codeMsg ?? true}
          disabled={!current.data || setCodeMsg.isPending}
          onChange={(event) => setCodeMsg.mutate({ enabled: event.target.checked })}
        />
        {c.platformSwitch}
      </label>
      {failed && (
        <p role="alert" className="mt-2 text-sm text-rose-300">
          {c.saveFailed}
        </p>
      )}
    </section>
  );
}
