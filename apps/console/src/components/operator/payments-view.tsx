"use client";
import {
  minorToDecimal,
  minorUnitDigits,
  rateFromUsdPerUnit,
  usdPerUnitDecimals,
} from "@relay/payments/currency";
// The operator's payment settings: Stripe's status (from the environment, never the keys) and
// the top-up options developers see. Amounts are typed in the currency's units and sent in its
// minor unit; the rate is typed as "1 CNY = X USD" and stored as micro-dollars per minor unit.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { CopyButton } from "@/components/shared/copy-button.tsx";
import { LoadingRows, QueryError } from "@/components/shared/query-states.tsx";
import {
  buttonPrimary,
  cardClass,
  FieldError,
  inputClass,
  PageHeader,
} from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { formatMinor, parseMinor } from "@/lib/currency.ts";
import { usd } from "@/lib/display-money.ts";
import { useTRPC } from "@/trpc/client.tsx";
import { ProviderKeys } from "./provider-keys.tsx";
import { errorMessage } from "./states.tsx";

const METHODS = ["card", "alipay", "wechat_pay"] as const;
type Method = (typeof METHODS)[number];
const MAX_PRESETS = 8;
const MAX_MINOR = 100_000_000n;

interface Loaded {
  currency: string;
  minimumMinor: number;
  presetsMinor: number[];
  methods: Method[];
  usdPerUnit: string | null;
}

/** 1250 minor units of usd -> "12.5": what the operator typed, back. */
function minorToInput(minor: number, currency: string): string {
  const decimal = minorToDecimal(BigInt(minor), currency);
  return decimal.includes(".") ? decimal.replace(/0+$/, "").replace(/\.$/, "") : decimal;
}

export function PaymentsView() {
  const { t } = useI18n();
  const p = t.payments;
  const trpc = useTRPC();
  const settings = useQuery(trpc.operatorPayments.get.queryOptions());

  return (
    <div className="space-y-6">
      <PageHeader title={p.title} lead={p.lead} />
      {settings.isPending ? (
        <LoadingRows rows={4} className="h-24" />
      ) : settings.isError ? (
        <QueryError retry={() => void settings.refetch()} />
      ) : (
        <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <SettingsForm loaded={settings.data} />
          <StripeStatus stripe={settings.data.stripe} />
        </div>
      )}
      {settings.data && <ProviderKeys settings={settings.data} />}
    </div>
  );
}

function StripeStatus({
  stripe,
}: {
  stripe: {
    configured: boolean;
    secretKey: boolean;
    webhookSecret: boolean;
    mode: "test" | "live" | "unknown" | null;
    localDouble: boolean;
    webhookUrl: string;
    events: string[];
  };
}) {
  const { t } = useI18n();
  const s = t.payments.stripe;
  const flag = (set: boolean, extra?: string) => (
    <span className={set ? "text-emerald-300" : "text-rose-300"}>
      {set ? s.set : s.missing}
      {extra && <span className="text-slate-400"> · {extra}</span>}
    </span>
  );
  return (
    <section className={`${cardClass} space-y-4`} aria-labelledby="stripe-status">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="stripe-status" className="font-semibold text-white">
          {s.title}
        </h2>
        <span
          data-testid="stripe-configured"
          className={`rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ${
            stripe.configured
              ? "bg-emerald-400/10 text-emerald-300 ring-emerald-300/20"
              : "bg-amber-400/10 text-amber-200 ring-amber-300/20"
          }`}
        >
          {stripe.configured ? s.on : s.off}
        </span>
      </div>
      {!stripe.configured && <p className="text-sm leading-6 text-slate-300">{s.offBody}</p>}
      <dl className="space-y-2 text-sm">
        <div>
          <dt className="text-slate-400">{s.secretKey}</dt>
          <dd>{flag(stripe.secretKey, stripe.mode ? s.modes[stripe.mode] : undefined)}</dd>
        </div>
        <div>
          <dt className="text-slate-400">{s.webhookSecret}</dt>
          <dd>{flag(stripe.webhookSecret)}</dd>
        </div>
      </dl>
      <p className="text-xs text-slate-500">{s.keysHint}</p>
      {stripe.localDouble && (
        <p className="rounded-lg bg-amber-400/10 px-3 py-2 text-xs text-amber-200">
          {s.localDouble}
        </p>
      )}
      <div className="space-y-2 border-t border-white/10 pt-4">
        <h3 className="text-sm font-medium text-slate-200">{s.webhookUrl}</h3>
        <div className="flex items-center gap-2">
          <code
            className="min-w-0 flex-1 break-all rounded-lg bg-slate-900/70 px-3 py-2 font-mono text-xs text-slate-100"
            data-testid="webhook-url"
          >
            {stripe.webhookUrl}
          </code>
          <CopyButton
            value={stripe.webhookUrl}
            label={t.common.copy}
            copiedLabel={t.common.copied}
          />
        </div>
        <p className="text-xs leading-5 text-slate-400">{s.webhookHint}</p>
        <ul className="space-y-1">
          {stripe.events.map((event) => (
            <li key={event} className="font-mono text-xs text-slate-300">
              {event}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

type Field = "currency" | "minimum" | "presets" | "methods" | "rate";

function SettingsForm({ loaded }: { loaded: Loaded }) {
  const { t, lang } = useI18n();
  const p = t.payments;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [currency, setCurrency] = useState(loaded.currency);
  const [minimum, setMinimum] = useState(minorToInput(loaded.minimumMinor, loaded.currency));
  const [presets, setPresets] = useState(
    loaded.presetsMinor.map((preset) => minorToInput(preset, loaded.currency)).join(", "),
  );
  const [methods, setMethods] = useState<Method[]>(loaded.methods);
  const [rate, setRate] = useState(loaded.usdPerUnit ?? "");
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.operatorPayments.save.mutationOptions({
      onSuccess: async () => {
        setSaved(true);
        await queryClient.invalidateQueries({ queryKey: trpc.operatorPayments.get.queryKey() });
      },
    }),
  );

  const code = currency.trim().toLowerCase();
  const validCode = /^[a-z]{3}$/.test(code);
  const upper = validCode ? code.toUpperCase() : "—";
  const isUsd = code === "usd";
  const decimals = validCode ? String(usdPerUnitDecimals(code)) : "4";
  const parsedRate = validCode && !isUsd ? rateFromUsdPerUnit(rate, code) : undefined;
  const exampleMinor = validCode ? 100n * 10n ** BigInt(minorUnitDigits(code)) : 0n;

  function validate() {
    const found: Partial<Record<Field, string>> = {};
    if (!validCode) found.currency = p.errors.currency;
    const minimumMinor = validCode ? parseMinor(minimum, code) : undefined;
    if (validCode && (minimumMinor === undefined || minimumMinor <= 0n || minimumMinor > MAX_MINOR))
      found.minimum = p.errors.amount(upper);
    const presetTexts = presets
      .split(/[,，\s]+/)
      .map((part) => part.trim())
      .filter(Boolean);
    const presetsMinor = presetTexts.map((text) =>
      validCode ? parseMinor(text, code) : undefined,
    );
    if (
      validCode &&
      (presetTexts.length > MAX_PRESETS ||
        presetsMinor.some((v) => v === undefined || v <= 0n || v > MAX_MINOR))
    ) {
      found.presets = p.errors.presets(upper);
    } else if (minimumMinor !== undefined) {
      const below = presetsMinor.find((v) => v !== undefined && v < minimumMinor);
      if (below !== undefined)
        found.presets = p.errors.presetBelowMinimum(formatMinor(below, code, lang));
    }
    if (methods.length === 0) found.methods = p.errors.methods;
    if (validCode && !isUsd && parsedRate === undefined) found.rate = p.errors.rate(decimals);
    return { found, minimumMinor, presetsMinor };
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const { found, minimumMinor, presetsMinor } = validate();
    setErrors(found);
    if (Object.keys(found).length > 0 || minimumMinor === undefined) return;
    save.mutate({
      currency: code,
      minimumMinor: Number(minimumMinor),
      presetsMinor: presetsMinor.flatMap((v) => (v === undefined ? [] : [Number(v)])),
      methods,
      usdPerUnit: isUsd ? undefined : rate.trim(),
    });
  }

  const label = "block text-sm font-medium text-slate-200";
  const hint = "mt-1 text-xs leading-5 text-slate-500";

  return (
    <form
      className={`${cardClass} space-y-5`}
      onSubmit={submit}
      noValidate
      aria-labelledby="topup-options"
    >
      <h2 id="topup-options" className="font-semibold text-white">
        {p.form.title}
      </h2>
      <div>
        <label htmlFor="pay-currency" className={label}>
          {p.form.currency}
        </label>
        <input
          id="pay-currency"
          className={`${inputClass} mt-1 max-w-32 font-mono lowercase`}
          value={currency}
          maxLength={3}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) =>
            setCurrency(event.target.value.replace(/[^a-zA-Z]/g, "").toLowerCase())
          }
          aria-invalid={Boolean(errors.currency)}
          aria-describedby="pay-currency-hint pay-currency-error"
        />
        <p id="pay-currency-hint" className={hint}>
          {p.form.currencyHint}
        </p>
        <FieldError id="pay-currency-error" message={errors.currency} />
      </div>

      <div className="grid gap-5 sm:grid-cols-2">
        <div>
          <label htmlFor="pay-minimum" className={label}>
            {p.form.minimum} <span className="font-normal text-slate-500">({upper})</span>
          </label>
          <input
            id="pay-minimum"
            className={`${inputClass} mt-1 font-mono`}
            inputMode="decimal"
            value={minimum}
            onChange={(event) => setMinimum(event.target.value)}
            aria-invalid={Boolean(errors.minimum)}
            aria-describedby="pay-minimum-error"
          />
          <FieldError id="pay-minimum-error" message={errors.minimum} />
        </div>
        <div>
          <label htmlFor="pay-presets" className={label}>
            {p.form.presets} <span className="font-normal text-slate-500">({upper})</span>
          </label>
          <input
            id="pay-presets"
            className={`${inputClass} mt-1 font-mono`}
            value={presets}
            onChange={(event) => setPresets(event.target.value)}
            aria-invalid={Boolean(errors.presets)}
            aria-describedby="pay-presets-hint pay-presets-error"
          />
          <p id="pay-presets-hint" className={hint}>
            {p.form.presetsHint(String(MAX_PRESETS))}
          </p>
          <FieldError id="pay-presets-error" message={errors.presets} />
        </div>
      </div>

      <fieldset aria-describedby="pay-methods-hint pay-methods-error">
        <legend className={label}>{p.form.methods}</legend>
        <div className="mt-2 flex flex-wrap gap-x-5 gap-y-2">
          {METHODS.map((method) => (
            <label key={method} className="flex items-center gap-2 text-sm text-slate-200">
              <input
                type="checkbox"
                className="size-4 accent-indigo-500"
                checked={methods.includes(method)}
                onChange={(event) =>
                  setMethods((current) =>
                    event.target.checked
                      ? METHODS.filter((m) => m === method || current.includes(m))
                      : current.filter((m) => m !== method),
                  )
                }
              />
              {t.topUp.methodNames[method]}
            </label>
          ))}
        </div>
        <p id="pay-methods-hint" className={hint}>
          {p.form.methodsHint}
        </p>
        <FieldError id="pay-methods-error" message={errors.methods} />
      </fieldset>

      <div className="border-t border-white/10 pt-5">
        <h3 className="text-sm font-medium text-slate-200">{p.form.rateTitle}</h3>
        {isUsd || !validCode ? (
          <p className={hint}>{p.form.usdRate}</p>
        ) : (
          <>
            <div className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-200">
              <label htmlFor="pay-rate" className="font-mono">
                {p.form.rateLabel(upper)}
              </label>
              <input
                id="pay-rate"
                className={`${inputClass} w-36 font-mono`}
                inputMode="decimal"
                placeholder="0.138"
                value={rate}
                onChange={(event) => setRate(event.target.value.replace(/[^\d.]/g, ""))}
                aria-invalid={Boolean(errors.rate)}
                aria-describedby="pay-rate-hint pay-rate-example pay-rate-error"
              />
              <span className="font-mono">USD</span>
            </div>
            <p id="pay-rate-hint" className={hint}>
              {p.form.rateHint(upper, decimals)}
            </p>
            {parsedRate !== undefined && (
              <p
                id="pay-rate-example"
                className="mt-1 text-xs text-slate-300"
                data-testid="rate-example"
              >
                {p.form.rateExample(
                  formatMinor(exampleMinor, code, lang),
                  usd(exampleMinor * parsedRate),
                )}
              </p>
            )}
            <FieldError id="pay-rate-error" message={errors.rate} />
          </>
        )}
      </div>

      {save.isError && (
        <p role="alert" className="text-sm text-rose-300">
          {errorMessage(save.error, t.common.errorBody)}
        </p>
      )}
      {saved && (
        <p role="status" className="text-sm text-emerald-300">
          {p.form.saved}
        </p>
      )}
      <button type="submit" className={buttonPrimary} disabled={save.isPending}>
        {save.isPending ? p.form.saving : p.form.save}
      </button>
    </form>
  );
}
