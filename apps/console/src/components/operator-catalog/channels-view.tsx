"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Modal } from "@/components/console/modal.tsx";
import { LoadingRows, QueryError } from "@/components/operator/states.tsx";
import {
  buttonPrimary,
  buttonSecondary,
  cardClass,
  EmptyState,
  FieldError,
  inputClass,
  PageHeader,
} from "@/components/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import { fieldErrorsOf } from "./format.ts";

type Provider = "OPENAI" | "OPENAI_COMPATIBLE" | "AZURE" | "ANTHROPIC";
const PROVIDER_INPUT: Record<Provider, string> = {
  OPENAI: "openai",
  OPENAI_COMPATIBLE: "openai-compatible",
  AZURE: "azure",
  ANTHROPIC: "anthropic",
};

interface ChannelRow {
  id: string;
  name: string;
  provider: Provider;
  baseUrl: string;
  credentialHint: string;
  priority: number;
  weight: number;
  status: "ENABLED" | "DISABLED";
  failureCount: number;
  successCount: number;
  cooldownUntil: Date | null;
  lastLatencyMs: number | null;
  models: { modelId: string; upstreamModel: string | null }[];
}

export function ChannelsView() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const channels = useQuery(trpc.operatorCatalog.channels.queryOptions());
  const [editing, setEditing] = useState<ChannelRow | "new">();
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
            <ChannelCard key={channel.id} channel={channel} onEdit={() => setEditing(channel)} />
          ))}
        </ul>
      )}
      {editing && (
        <ChannelForm
          channel={editing === "new" ? undefined : editing}
          onClose={() => setEditing(undefined)}
        />
      )}
    </div>
  );
}

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

function ChannelCard({ channel, onEdit }: { channel: ChannelRow; onEdit: () => void }) {
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
          <button type="button" className={buttonSecondary} onClick={onEdit}>
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
      {(test.error || setStatus.error) && (
        <p role="alert" className="mt-3 text-sm text-rose-300">
          {t.common.errorBody}
        </p>
      )}
    </li>
  );
}

type Errors = Partial<Record<"baseUrl" | "apiKey" | "models" | "priority" | "weight", string>>;

function parseModels(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((m) => m.trim())
    .filter(Boolean);
}

function ChannelForm({ channel, onClose }: { channel?: ChannelRow; onClose: () => void }) {
  const { t } = useI18n();
  const c = t.catalog.channels;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const onSuccess = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.operatorCatalog.channels.queryKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.operatorCatalog.models.queryKey() });
    onClose();
  };
  const add = useMutation(trpc.operatorCatalog.addChannel.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.operatorCatalog.updateChannel.mutationOptions({ onSuccess }));
  const [provider, setProvider] = useState<Provider>(channel?.provider ?? "OPENAI_COMPATIBLE");
  const [name, setName] = useState(channel?.name ?? "");
  const [baseUrl, setBaseUrl] = useState(channel?.baseUrl ?? "");
  const [apiKey, setApiKey] = useState("");
  const [models, setModels] = useState(
    channel?.models
      .map((m) => (m.upstreamModel ? `${m.modelId}=${m.upstreamModel}` : m.modelId))
      .join("\n") ?? "",
  );
  const [priority, setPriority] = useState(String(channel?.priority ?? 0));
  const [weight, setWeight] = useState(String(channel?.weight ?? 1));
  const [errors, setErrors] = useState<Errors>({});
  const pending = add.isPending || update.isPending;
  const serverError = add.error ?? update.error;
  const serverFields = fieldErrorsOf(serverError);

  function submit(event: FormEvent) {
    event.preventDefault();
    const next: Errors = {};
    if (!URL.canParse(baseUrl.trim()) || !/^https?:/.test(baseUrl.trim())) {
      next.baseUrl = c.errors.baseUrl;
    }
    if (!channel && !apiKey.trim()) next.apiKey = c.errors.apiKey;
    const list = parseModels(models);
    if (list.length === 0) next.models = c.errors.models;
    if (!/^-?\d+$/.test(priority.trim())) next.priority = c.errors.number;
    if (!/^\d+$/.test(weight.trim()) || Number(weight) < 1) next.weight = c.errors.number;
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    const common = {
      baseUrl: baseUrl.trim(),
      models: list,
      priority: Number(priority),
      weight: Number(weight),
    };
    if (channel) {
      update.mutate({
        channelId: channel.id,
        name: name.trim() || channel.name,
        apiKey,
        ...common,
      });
    } else {
      add.mutate({
        provider: PROVIDER_INPUT[provider],
        name: name.trim() || undefined,
        apiKey: apiKey.trim(),
        ...common,
      });
    }
  }

  const field = (key: keyof Errors) => errors[key] ?? serverFields[key]?.[0];
  return (
    <Modal
      title={channel ? c.editTitle(channel.name) : c.addTitle}
      onClose={onClose}
      locked={pending}
    >
      <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
        <label className="block text-sm">
          <span className="text-slate-300">{c.provider}</span>
          <select
            className={`${inputClass} mt-1.5`}
            value={provider}
            disabled={Boolean(channel)}
            onChange={(e) => setProvider(e.target.value as Provider)}
          >
            {(Object.keys(PROVIDER_INPUT) as Provider[]).map((p) => (
              <option key={p} value={p}>
                {c.providers[p]}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm">
          <span className="text-slate-300">{c.name}</span>
          <input
            className={`${inputClass} mt-1.5`}
            value={name}
            placeholder={c.namePlaceholder}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label className="block text-sm sm:col-span-2">
          <span className="text-slate-300">{c.baseUrl}</span>
          <input
            className={`${inputClass} mt-1.5 font-mono`}
            value={baseUrl}
            inputMode="url"
            placeholder="https://api.openai.com/v1"
            aria-invalid={Boolean(field("baseUrl"))}
            aria-describedby="channel-base-url-error"
            onChange={(e) => setBaseUrl(e.target.value)}
          />
          <FieldError id="channel-base-url-error" message={field("baseUrl")} />
        </label>
        <label className="block text-sm sm:col-span-2">
          <span className="text-slate-300">{c.apiKey}</span>
          <input
            className={`${inputClass} mt-1.5 font-mono`}
            type="password"
            autoComplete="off"
            value={apiKey}
            placeholder={channel ? `${c.apiKeyKeep} (${channel.credentialHint})` : "sk-…"}
            aria-invalid={Boolean(field("apiKey"))}
            aria-describedby="channel-api-key-error"
            onChange={(e) => setApiKey(e.target.value)}
          />
          <span className="mt-1 block text-xs text-slate-500">{c.apiKeyHint}</span>
          <FieldError id="channel-api-key-error" message={field("apiKey")} />
        </label>
        <label className="block text-sm sm:col-span-2">
          <span className="text-slate-300">{c.models}</span>
          <textarea
            className={`${inputClass} mt-1.5 font-mono`}
            rows={3}
            value={models}
            placeholder={"gpt-4o-mini\ngpt-4o=my-deployment"}
            aria-invalid={Boolean(field("models"))}
            aria-describedby="channel-models-error"
            onChange={(e) => setModels(e.target.value)}
          />
          <span className="mt-1 block text-xs text-slate-500">{c.modelsHint}</span>
          <FieldError id="channel-models-error" message={field("models")} />
        </label>
        <label className="block text-sm">
          <span className="text-slate-300">{c.priority}</span>
          <input
            className={`${inputClass} mt-1.5`}
            inputMode="numeric"
            value={priority}
            aria-invalid={Boolean(field("priority"))}
            onChange={(e) => setPriority(e.target.value)}
          />
          <FieldError id="channel-priority-error" message={field("priority")} />
        </label>
        <label className="block text-sm">
          <span className="text-slate-300">{c.weight}</span>
          <input
            className={`${inputClass} mt-1.5`}
            inputMode="numeric"
            value={weight}
            aria-invalid={Boolean(field("weight"))}
            onChange={(e) => setWeight(e.target.value)}
          />
          <FieldError id="channel-weight-error" message={field("weight")} />
        </label>
        {serverError && Object.keys(serverFields).length === 0 && (
          <p role="alert" className="text-sm text-rose-300 sm:col-span-2">
            {c.errors.generic}
          </p>
        )}
        <div className="flex justify-end gap-2 sm:col-span-2">
          <button type="button" className={buttonSecondary} onClick={onClose} disabled={pending}>
            {t.common.cancel}
          </button>
          <button type="submit" className={buttonPrimary} disabled={pending}>
            {pending ? c.saving : c.save}
          </button>
        </div>
      </form>
    </Modal>
  );
}
