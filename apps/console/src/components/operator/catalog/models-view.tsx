"use client";
import { usdInput } from "@relay/billing/money";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { isUsd, usdUnit } from "@/components/shared/format.ts";
import { Modal } from "@/components/shared/modal.tsx";
import { LoadingRows, QueryError } from "@/components/shared/query-states.tsx";
import {
  buttonPrimary,
  buttonSecondary,
  cardClass,
  EmptyState,
  FieldError,
  inputClass,
  PageHeader,
} from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import { ClientDefaults } from "./client-defaults.tsx";
import { ModelControls, type ModelKind } from "./model-controls.tsx";
import { PriceGroups } from "./price-groups.tsx";

type Scope = "SALE" | "COST";
interface TokenPrices {
  inputPerMTok: bigint;
  outputPerMTok: bigint;
  cachedInputPerMTok: bigint;
  perAudioSecond: bigint;
  perRequest: bigint;
  perMChar: bigint;
}
interface ModelRow {
  id: string;
  kind: ModelKind;
  enabled: boolean;
  sale: TokenPrices | null;
  cost: TokenPrices | null;
  images: { scope: Scope; size: string; quality: string; perImage: bigint }[];
  channelCount: number;
}

export function ModelsView() {
  const { t } = useI18n();
  const m = t.catalog.models;
  const trpc = useTRPC();
  const models = useQuery(trpc.operatorCatalog.models.queryOptions());
  const [editing, setEditing] = useState<ModelRow>();
  return (
    <div className="space-y-6">
      <PageHeader title={m.title} lead={m.lead} />
      {models.isPending ? (
        <LoadingRows rows={5} />
      ) : models.isError ? (
        <QueryError retry={() => void models.refetch()} />
      ) : models.data.length === 0 ? (
        <EmptyState title={m.emptyTitle} body={m.emptyBody} />
      ) : (
        <div className="overflow-x-auto rounded-2xl border border-white/10">
          <table className="w-full min-w-[900px] text-left text-sm">
            <thead className="bg-white/[0.03] text-xs text-slate-400">
              <tr>
                <th className="px-3 py-2 font-medium">{m.model}</th>
                <th className="px-3 py-2 font-medium">
                  {m.kind} · {m.status}
                </th>
                <th className="px-3 py-2 font-medium">{m.channels}</th>
                <th className="px-3 py-2 font-medium">
                  {m.sale} · {m.input} / {m.output} / {m.cached}
                </th>
                <th className="px-3 py-2 font-medium">
                  {m.cost} · {m.input} / {m.output} / {m.cached}
                </th>
                <th className="px-3 py-2 font-medium">{m.images}</th>
                <th className="px-3 py-2" />
              </tr>
            </thead>
            <tbody className="divide-y divide-white/5">
              {models.data.map((model) => (
                <tr
                  key={model.id}
                  data-testid="model-row"
                  data-model={model.id}
                  data-enabled={model.enabled}
                  className={model.enabled ? undefined : "bg-white/[0.015]"}
                >
                  <td className="px-3 py-2">
                    <div
                      className={`font-mono ${model.enabled ? "text-slate-100" : "text-slate-500 line-through"}`}
                    >
                      {model.id}
                    </div>
                  </td>
                  <td className="px-3 py-2">
                    <ModelControls model={model.id} kind={model.kind} enabled={model.enabled} />
                  </td>
                  <td className="px-3 py-2 text-slate-300">{model.channelCount}</td>
                  <td className="px-3 py-2 font-mono text-slate-200" data-testid="sale-prices">
                    <Prices prices={model.sale} />
                  </td>
                  <td className="px-3 py-2 font-mono text-slate-400">
                    <Prices prices={model.cost} />
                  </td>
                  <td className="px-3 py-2 font-mono text-xs text-slate-400">
                    {model.images
                      .filter((i) => i.scope === "SALE")
                      .map((i) => (
                        <div key={`${i.size}-${i.quality}`}>
                          {i.size} {i.quality}: {usdUnit(i.perImage)}
                        </div>
                      ))}
                  </td>
                  <td className="px-3 py-2 text-right">
                    <button
                      type="button"
                      className={buttonSecondary}
                      onClick={() => setEditing(model)}
                    >
                      {m.edit}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ClientDefaults models={models.data ?? []} />
      <PriceGroups />
      {editing && <PriceForm model={editing} onClose={() => setEditing(undefined)} />}
    </div>
  );
}

function Prices({ prices }: { prices: TokenPrices | null }) {
  const { t } = useI18n();
  if (!prices) return <span className="text-slate-500">{t.catalog.models.notSet}</span>;
  return (
    <div>
      {usdUnit(prices.inputPerMTok)} / {usdUnit(prices.outputPerMTok)} /{" "}
      {usdUnit(prices.cachedInputPerMTok)}
      {(prices.perRequest > 0n || prices.perAudioSecond > 0n || prices.perMChar > 0n) && (
        <div className="text-xs text-slate-500">
          {prices.perRequest > 0n &&
            `${t.catalog.models.perRequest} ${usdUnit(prices.perRequest)} `}
          {prices.perAudioSecond > 0n &&
            `${t.catalog.models.perSecond} ${usdUnit(prices.perAudioSecond)} `}
          {prices.perMChar > 0n && `${t.catalog.models.perMChar} ${usdUnit(prices.perMChar)}`}
        </div>
      )}
    </div>
  );
}

const PRICE_FIELDS = [
  "input",
  "output",
  "cachedInput",
  "perRequest",
  "perAudioSecond",
  "perMChar",
] as const;
type PriceField = (typeof PRICE_FIELDS)[number];

function valuesOf(prices: TokenPrices | null): Record<PriceField, string> {
  return {
    input: usdInput(prices?.inputPerMTok ?? 0n),
    output: usdInput(prices?.outputPerMTok ?? 0n),
    cachedInput: usdInput(prices?.cachedInputPerMTok ?? 0n),
    perRequest: usdInput(prices?.perRequest ?? 0n),
    perAudioSecond: usdInput(prices?.perAudioSecond ?? 0n),
    perMChar: usdInput(prices?.perMChar ?? 0n),
  };
}

function PriceForm({ model, onClose }: { model: ModelRow; onClose: () => void }) {
  const { t } = useI18n();
  const m = t.catalog.models;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.operatorCatalog.models.queryKey() });
  const setPrice = useMutation(
    trpc.operatorCatalog.setPrice.mutationOptions({
      onSuccess: async () => {
        await refresh();
        onClose();
      },
    }),
  );
  const [scope, setScope] = useState<Scope>("SALE");
  const [values, setValues] = useState(valuesOf(model.sale));
  const [errors, setErrors] = useState<Partial<Record<PriceField, string>>>({});
  const labels: Record<PriceField, string> = {
    input: m.input,
    output: m.output,
    cachedInput: m.cached,
    perRequest: m.perRequest,
    perAudioSecond: m.perSecond,
    perMChar: m.perMChar,
  };

  function switchScope(next: Scope) {
    setScope(next);
    setValues(valuesOf(next === "SALE" ? model.sale : model.cost));
    setErrors({});
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const next: Partial<Record<PriceField, string>> = {};
    for (const key of PRICE_FIELDS) if (!isUsd(values[key])) next[key] = m.errors.amount;
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    setPrice.mutate({ model: model.id, scope, ...values });
  }

  return (
    <Modal title={m.editTitle(model.id)} onClose={onClose} locked={setPrice.isPending}>
      <form onSubmit={submit} noValidate className="space-y-4">
        <fieldset className="flex flex-wrap gap-2">
          <legend className="mb-1.5 text-sm text-slate-300">{m.scope}</legend>
          {(["SALE", "COST"] as const).map((s) => (
            <label
              key={s}
              className={`cursor-pointer rounded-lg border px-3 py-1.5 text-sm ${
                scope === s
                  ? "border-indigo-400 bg-indigo-500/10 text-white"
                  : "border-white/10 text-slate-400"
              }`}
            >
              <input
                type="radio"
                name="scope"
                className="sr-only"
                checked={scope === s}
                onChange={() => switchScope(s)}
              />
              {m.scopes[s]}
            </label>
          ))}
        </fieldset>
        <p className="text-xs text-slate-500">{m.usdPerMTok}</p>
        <div className="grid gap-3 sm:grid-cols-3">
          {PRICE_FIELDS.map((key) => (
            <label key={key} className="block text-sm">
              <span className="text-slate-300">{labels[key]}</span>
              <input
                className={`${inputClass} mt-1.5 font-mono`}
                inputMode="decimal"
                value={values[key]}
                aria-invalid={Boolean(errors[key])}
                aria-describedby={`price-${key}-error`}
                onChange={(e) => setValues({ ...values, [key]: e.target.value })}
              />
              <FieldError id={`price-${key}-error`} message={errors[key]} />
            </label>
          ))}
        </div>
        {setPrice.error && (
          <p role="alert" className="text-sm text-rose-300">
            {m.errors.generic}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" className={buttonSecondary} onClick={onClose}>
            {t.common.cancel}
          </button>
          <button type="submit" className={buttonPrimary} disabled={setPrice.isPending}>
            {setPrice.isPending ? m.saving : m.save}
          </button>
        </div>
      </form>
      {(model.kind === "IMAGE" || model.images.length > 0) && (
        <ImagePrices model={model} scope={scope} onSaved={refresh} />
      )}
    </Modal>
  );
}

function ImagePrices({
  model,
  scope,
  onSaved,
}: {
  model: ModelRow;
  scope: Scope;
  onSaved: () => Promise<void>;
}) {
  const { t } = useI18n();
  const m = t.catalog.models;
  const trpc = useTRPC();
  const setImagePrice = useMutation(
    trpc.operatorCatalog.setImagePrice.mutationOptions({ onSuccess: onSaved }),
  );
  const [size, setSize] = useState("1024x1024");
  const [quality, setQuality] = useState("standard");
  const [perImage, setPerImage] = useState("");
  const [error, setError] = useState<string>();
  const rows = model.images.filter((i) => i.scope === scope);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!/^\d{2,5}x\d{2,5}$/.test(size.trim())) return setError(m.errors.size);
    if (!isUsd(perImage)) return setError(m.errors.amount);
    setError(undefined);
    setImagePrice.mutate({ model: model.id, scope, size, quality, perImage });
  }

  return (
    <section className={`${cardClass} mt-5`}>
      <h3 className="text-sm font-medium text-white">
        {m.imageTitle} · {m.scopes[scope]}
      </h3>
      <ul className="mt-2 space-y-1 font-mono text-xs text-slate-300">
        {rows.map((i) => (
          <li key={`${i.size}-${i.quality}`}>
            {i.size} · {i.quality} · {usdUnit(i.perImage)}
          </li>
        ))}
      </ul>
      <form onSubmit={submit} noValidate className="mt-3 grid gap-2 sm:grid-cols-4">
        <input
          aria-label={m.size}
          className={inputClass}
          value={size}
          onChange={(e) => setSize(e.target.value)}
        />
        <input
          aria-label={m.quality}
          className={inputClass}
          value={quality}
          onChange={(e) => setQuality(e.target.value)}
        />
        <input
          aria-label={m.perImage}
          placeholder={m.perImage}
          inputMode="decimal"
          className={inputClass}
          value={perImage}
          onChange={(e) => setPerImage(e.target.value)}
        />
        <button type="submit" className={buttonSecondary} disabled={setImagePrice.isPending}>
          {m.addImagePrice}
        </button>
      </form>
      <FieldError
        id="image-price-error"
        message={error ?? (setImagePrice.error ? m.errors.generic : undefined)}
      />
    </section>
  );
}
