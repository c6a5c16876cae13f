"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { fieldErrorsOf } from "@/components/shared/format.ts";
import { Modal } from "@/components/shared/modal.tsx";
import { buttonPrimary, buttonSecondary, FieldError, inputClass } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import { type ChannelRow, PROVIDER_INPUT, type Provider } from "./channel-types.ts";

type Errors = Partial<Record<"baseUrl" | "apiKey" | "models" | "priority" | "weight", string>>;

function parseModels(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((m) => m.trim())
    .filter(Boolean);
}

/** Add a channel, or edit one (a blank key keeps the stored one). */
export function ChannelForm({
  channel,
  serve = [],
  onClose,
}: {
  channel?: ChannelRow;
  /** Models the upstream listed that the operator chose to add, appended to "Models served". */
  serve?: string[];
  onClose: () => void;
}) {
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
  const [models, setModels] = useState(() =>
    [
      ...(channel?.models ?? []).map((m) =>
        m.upstreamModel ? `${m.modelId}=${m.upstreamModel}` : m.modelId,
      ),
      ...serve,
    ].join("\n"),
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
