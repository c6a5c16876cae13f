"use client";
// Top up through Stripe Checkout: preset and custom amounts in the operator's currency, then the
// browser goes to Stripe's hosted page and comes back with ?topup=success|cancelled (the billing
// page shows the returning payment's state). The balance moves when the webhook arrives.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useParams, useSearchParams } from "next/navigation";
import { type ReactNode, useState } from "react";
import { buttonPrimary, inputClass, Skeleton } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { currencySymbol, formatMinor, parseMinor } from "@/lib/currency.ts";
import { usdExact } from "@/lib/money.ts";
import { useTRPC } from "@/trpc/client.tsx";

type Method = "card" | "alipay" | "wechat_pay";
const isMethod = (value: string): value is Method =>
  value === "card" || value === "alipay" || value === "wechat_pay";

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
  const { currency, minimumMinor, presetsMinor, rateMicrosPerMinor } = options.data;
  const money = (minor: number) => formatMinor(minor, currency, lang);
  const parsed = custom ? parseMinor(custom, currency) : undefined;
  const customInvalid = custom !== "" && parsed === undefined;
  const amount = custom ? (parsed === undefined ? undefined : Number(parsed)) : chosen;
  const valid = amount !== undefined && amount >= minimumMinor && amount <= 100_000_000;
  const methods = new Intl.ListFormat(lang, { type: "disjunction" }).format(
    options.data.methods.filter(isMethod).map((method) => t.topUp.methodNames[method]),
  );

  return (
    <form
      className="mt-4 space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) topUp.mutate({ tenantId, amountMinor: amount, slug: params.slug });
      }}
    >
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
              {money(preset)}
            </button>
          ))}
        </div>
      </fieldset>
      <label className="block text-xs text-slate-400">
        {t.topUp.custom}
        <span className="relative mt-1 block">
          <span className="pointer-events-none absolute inset-y-0 left-3 flex items-center text-sm text-slate-500">
            {currencySymbol(currency, lang)}
          </span>
          <input
            className={`${inputClass} pl-8`}
            inputMode="decimal"
            value={custom}
            onChange={(event) => setCustom(event.target.value.replace(/[^\d.]/g, ""))}
            placeholder={t.topUp.minimum(money(minimumMinor))}
            aria-invalid={customInvalid}
            aria-describedby="topup-minimum"
            data-testid="topup-custom"
          />
        </span>
      </label>
      <p id="topup-minimum" className="text-xs text-slate-500">
        {customInvalid
          ? t.topUp.invalidAmount(money(minimumMinor))
          : `${t.topUp.minimum(money(minimumMinor))} · ${t.topUp.payWith(methods)}`}
      </p>
      {valid && rateMicrosPerMinor !== null && (
        <p className="text-xs text-slate-400" data-testid="topup-credit">
          {t.topUp.credits(usdExact(BigInt(amount) * rateMicrosPerMinor))}
        </p>
      )}
      {topUp.isError && (
        <p className="text-sm text-rose-300">{topUp.error.message || t.topUp.failed}</p>
      )}
      <button type="submit" className={buttonPrimary} disabled={!valid || topUp.isPending}>
        {topUp.isPending
          ? t.topUp.redirecting
          : t.topUp.pay(valid ? money(amount) : money(minimumMinor))}
      </button>
    </form>
  );
}
