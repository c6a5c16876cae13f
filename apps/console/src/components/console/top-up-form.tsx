"use client";
// Top up through Stripe Checkout: preset and custom amounts in the operator's currency, then the
// browser goes to Stripe's hosted page and comes back with ?topup=success|cancelled. The balance
// moves when the webhook arrives, not when the browser returns.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useParams, useSearchParams } from "next/navigation";
import { type ReactNode, useState } from "react";
import { buttonPrimary, inputClass, Skeleton } from "@/components/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";

/** 1234 minor units of "usd" -> "$12.34", in the reader's locale. */
function money(minor: number, currency: string, lang: string): string {
  const digits =
    new Intl.NumberFormat(lang, { style: "currency", currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(lang, { style: "currency", currency }).format(minor / 10 ** digits);
}

export function TopUpForm({
  tenantId,
  notConfigured,
}: {
  tenantId: string;
  notConfigured: ReactNode;
}) {
  const { t, lang } = useI18n();
  const trpc = useTRPC();
  const params = useParams<{ slug: string }>();
  const outcome = useSearchParams().get("topup");
  const options = useQuery(trpc.billing.topUpOptions.queryOptions({ tenantId }));
  const [custom, setCustom] = useState("");
  const [chosen, setChosen] = useState<number | undefined>();
  const topUp = useMutation(
    trpc.billing.topUp.mutationOptions({
      onSuccess: ({ url }) => {
        window.location.assign(url);
      },
    }),
  );

  if (options.isPending) return <Skeleton className="mt-4 h-24 w-full" />;
  if (options.isError || !options.data.configured) return <>{notConfigured}</>;
  const { currency, minimumMinor, presetsMinor } = options.data;
  const digits =
    new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  const customMinor = custom ? Math.round(Number(custom) * 10 ** digits) : undefined;
  const amount = customMinor ?? chosen;
  const valid = amount !== undefined && Number.isFinite(amount) && amount >= minimumMinor;

  return (
    <form
      className="mt-4 space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) topUp.mutate({ tenantId, amountMinor: amount, slug: params.slug });
      }}
    >
      {outcome === "success" && <p className="text-sm text-emerald-300">{t.topUp.success}</p>}
      {outcome === "cancelled" && <p className="text-sm text-slate-400">{t.topUp.cancelled}</p>}
      <fieldset>
        <legend className="text-xs text-slate-400">{t.topUp.choose}</legend>
        <div className="mt-2 flex flex-wrap gap-2">
          {presetsMinor.map((preset) => (
            <button
              key={preset}
              type="button"
              onClick={() => {
                setChosen(preset);
                setCustom("");
              }}
              aria-pressed={chosen === preset && !custom}
              className={`rounded-lg border px-3 py-1.5 text-sm tabular-nums ${
                chosen === preset && !custom
                  ? "border-indigo-400 bg-indigo-500/20 text-white"
                  : "border-white/15 text-slate-300 hover:border-white/30"
              }`}
            >
              {money(preset, currency, lang)}
            </button>
          ))}
        </div>
      </fieldset>
      <label className="block text-xs text-slate-400">
        {t.topUp.custom}
        <input
          className={`${inputClass} mt-1`}
          inputMode="decimal"
          value={custom}
          onChange={(event) => setCustom(event.target.value.replace(/[^\d.]/g, ""))}
          placeholder={t.topUp.minimum(money(minimumMinor, currency, lang))}
          aria-describedby="topup-minimum"
        />
      </label>
      <p id="topup-minimum" className="text-xs text-slate-500">
        {t.topUp.minimum(money(minimumMinor, currency, lang))} · {t.topUp.methods}
      </p>
      {topUp.isError && (
        <p className="text-sm text-rose-300">{topUp.error.message || t.topUp.failed}</p>
      )}
      <button type="submit" className={buttonPrimary} disabled={!valid || topUp.isPending}>
        {topUp.isPending
          ? t.topUp.redirecting
          : t.topUp.pay(
              valid ? money(amount, currency, lang) : money(minimumMinor, currency, lang),
            )}
      </button>
    </form>
  );
}
