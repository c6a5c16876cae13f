"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { buttonSecondary, cardClass } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import type { ChannelRow } from "./channel-types.ts";
import { UpstreamModels } from "./upstream-models.tsx";

function Badge({ tone, children }: { tone: "green" | "red" | "slate"; children: string }) {
  const tones = {
    green: "bg-emerald-400/10 text-emerald-300 ring-emerald-300/20",
    red: "bg-rose-400/10 text-rose-300 ring-rose-300/20",
    slate: "bg-white/5 text-slate-300 ring-white/10",
  };
  return (
    <span
      className={`inline-flex rounded-md px-1.5 py-0.5 text-xs font-medium ring-1 ${tones[tone]}`}
    >
      {children}
    </span>
  );
}

/** One channel: provider, key hint, models, health, and its edit, enable/disable and test. */
export function ChannelCard({
  channel,
  onEdit,
}: {
  channel: ChannelRow;
  /** Opens the edit form; `serve` adds models the upstream listed to "Models served". */
  onEdit: (serve?: string[]) => void;
}) {
  const { t, lang } = useI18n();
  const c = t.catalog.channels;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.operatorCatalog.channels.queryKey() });
  const setStatus = useMutation(
    trpc.operatorCatalog.setChannelStatus.mutationOptions({ onSettled: refresh }),
  );
  const test = useMutation(
    trpc.operatorCatalog.testChannel.mutationOptions({ onSettled: refresh }),
  );
  const n = (value: number) => value.toLocaleString(lang);
  const coolingDown = channel.cooldownUntil && channel.cooldownUntil.getTime() > Date.now();
  return (
    <li className={cardClass} data-testid="channel-row">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="font-medium text-white">{channel.name}</h3>
            <Badge tone="slate">{c.providers[channel.provider]}</Badge>
            <Badge tone={channel.status === "ENABLED" ? "green" : "red"}>
              {c.statuses[channel.status]}
            </Badge>
          </div>
          <p className="mt-1 break-all font-mono text-xs text-slate-400">{channel.baseUrl}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            className={buttonSecondary}
            disabled={test.isPending}
            onClick={() => test.mutate({ channelId: channel.id })}
          >
            {test.isPending ? c.testing : c.test}
          </button>
          <button type="button" className={buttonSecondary} onClick={() => onEdit()}>
            {c.edit}
          </button>
          <button
            type="button"
            className={buttonSecondary}
            disabled={setStatus.isPending}
            onClick={() =>
              setStatus.mutate({
                channelId: channel.id,
                status: channel.status === "ENABLED" ? "DISABLED" : "ENABLED",
              })
            }
          >
            {channel.status === "ENABLED" ? c.disable : c.enable}
          </button>
        </div>
      </div>
      <dl className="mt-4 grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-xs text-slate-500">{c.credential}</dt>
          <dd className="font-mono text-slate-300">{channel.credentialHint}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">
            {c.priority} / {c.weight}
          </dt>
          <dd className="text-slate-300">
            {channel.priority} / {channel.weight}
          </dd>
        </div>
        <div className="col-span-2">
          <dt className="text-xs text-slate-500">{c.health}</dt>
          <dd className="flex flex-wrap gap-x-3 text-slate-300">
            <span className="text-emerald-300">{c.successes(n(channel.successCount))}</span>
            <span className={channel.failureCount ? "text-rose-300" : ""}>
              {c.failures(n(channel.failureCount))}
            </span>
            <span>
              {channel.lastLatencyMs === null ? c.never : c.latency(n(channel.lastLatencyMs))}
            </span>
            {coolingDown && <span className="text-amber-300">{c.cooldown}</span>}
          </dd>
        </div>
      </dl>
      <div className="mt-3">
        <p className="text-xs text-slate-500">{c.models}</p>
        <ul className="mt-1 flex flex-wrap gap-1.5">
          {channel.models.map((m) => (
            <li
              key={m.modelId}
              className="rounded-md bg-white/5 px-2 py-0.5 font-mono text-xs text-slate-300"
            >
              {m.modelId}
              {m.upstreamModel && <span className="text-slate-500"> → {m.upstreamModel}</span>}
            </li>
          ))}
        </ul>
      </div>
      {test.data && (
        <p
          role="status"
          data-testid="channel-test-result"
          className={`mt-3 rounded-lg px-3 py-2 text-sm ${
            test.data.ok ? "bg-emerald-500/10 text-emerald-200" : "bg-rose-500/10 text-rose-200"
          }`}
        >
          {test.data.ok
            ? c.testOk(
                n(test.data.latencyMs),
                test.data.modelCount === null ? "" : c.testModels(n(test.data.modelCount)),
              )
            : c.testFailed(n(test.data.latencyMs), test.data.message)}
        </p>
      )}
      {test.data?.ok && test.data.models.length > 0 && (
        <UpstreamModels
          listed={test.data.models}
          served={channel.models.map((m) => m.upstreamModel ?? m.modelId)}
          onServe={(models) => onEdit(models)}
        />
      )}
      {(test.error || setStatus.error) && (
        <p role="alert" className="mt-3 text-sm text-rose-300">
          {t.common.errorBody}
        </p>
      )}
    </li>
  );
}
