"use client";
// Top up: preset and custom amounts in the operator's currency, paid with the providers the
// operator configured. Stripe: the browser goes to Checkout and comes back with
// ?topup=success|cancelled (the billing page shows the returning payment's state). WeChat Pay and
// Alipay: a QR code to scan here, polled until paid or expired (qr-payment.tsx); Alipay's
// website returns with ?topup=qr&provider=alipay&order=<id>. The balance moves when the provider
// confirms.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams, useSearchParams } from "next/navigation";
import { type ReactNode, useState } from "react";
import { useMoney } from "@/components/shared/money.tsx";
import { buttonPrimary, inputClass, Skeleton } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { currencySymbol, formatMinor, parseMinor } from "@/lib/currency.ts";
import { useTRPC } from "@/trpc/client.tsx";
import { type QrOrder, QrPayment } from "./qr-payment.tsx";

type Provider = "wechat_pay" | "alipay" | "stripe";
type Method = "card" | "alipay" | "wechat_pay";
const isMethod = (value: string): value is Method =>
  value === "card" || value === "alipay" || value === "wechat_pay";

export function TopUpForm({
  tenantId,
  notConfigured,
  onPaid,
}: {
  tenantId: string;
  notConfigured: ReactNode;
  onPaid: () => void;
}) {
  const { t, lang } = useI18n();
  const { format: balanceMoney } = useMoney();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const params = useParams<{ slug: string }>();
  const search = useSearchParams();
  const outcome = search.get("topup");
  const returnedOrder = search.get("order");
  const [qrOrder, setQrOrder] = useState<QrOrder | undefined>(
    outcome === "qr" && search.get("provider") === "alipay" && returnedOrder
      ? { provider: "alipay", orderId: returnedOrder }
      : undefined,
  );
  const [picked, setPicked] = useState<Provider | undefined>();
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

  const topUpQr = useMutation(
    trpc.billing.topUpQr.mutationOptions({
      onSuccess: (created, input) => {
        setQrOrder({ provider: input.provider, ...created });
        // The pending order shows in the list below while the payer scans.
        void queryClient.invalidateQueries({ queryKey: trpc.billing.topUpOrders.pathKey() });
      },
    }),
  );

  if (options.isPending) return <Skeleton className="mt-4 h-24 w-full" />;
  if (options.isError || !options.data.configured) return <>{notConfigured}</>;
  if (qrOrder) {
    return (
      <QrPayment
        tenantId={tenantId}
        order={qrOrder}
        onPaid={onPaid}
        onDone={() => {
          setQrOrder(undefined);
          topUpQr.reset();
        }}
      />
    );
  }
  const enabled = (["wechat_pay", "alipay", "stripe"] as const).filter(
    (provider) => options.data.providers[provider === "wechat_pay" ? "wechatPay" : provider],
  );
  const provider = picked && enabled.includes(picked) ? picked : enabled[0];
  const pending = topUp.isPending || topUpQr.isPending;
  const error = topUp.error ?? topUpQr.error;
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
        if (!valid) return;
        if (provider === "stripe")
          topUp.mutate({ tenantId, amountMinor: amount, slug: params.slug });
        else if (provider) topUpQr.mutate({ tenantId, provider, amountMinor: amount });
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
      {enabled.length > 1 && (
        <fieldset>
          <legend className="text-xs text-slate-400">{t.qrPay.choose}</legend>
          <div className="mt-2 flex flex-wrap gap-2">
            {enabled.map((option) => (
              <label
                key={option}
                className={`flex cursor-pointer items-center gap-2 rounded-lg border px-3 py-1.5 text-sm ${
                  option === provider
                    ? "border-indigo-400 bg-indigo-500/20 text-white"
                    : "border-white/15 text-slate-300 hover:border-white/30"
                }`}
              >
                <input
                  type="radio"
                  name="topup-provider"
                  className="sr-only"
                  checked={option === provider}
                  onChange={() => setPicked(option)}
                />
                {t.qrPay.providers[option]}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <p id="topup-minimum" className="text-xs text-slate-500">
        {customInvalid
          ? t.topUp.invalidAmount(money(minimumMinor))
          : provider === "stripe"
            ? `${t.topUp.minimum(money(minimumMinor))} · ${t.topUp.payWith(methods)}`
            : t.topUp.minimum(money(minimumMinor))}
      </p>
      {valid && rateMicrosPerMinor !== null && (
        <p className="text-xs text-slate-400" data-testid="topup-credit">
          {t.topUp.credits(balanceMoney(BigInt(amount) * rateMicrosPerMinor))}
        </p>
      )}
      {error && <p className="text-sm text-rose-300">{error.message || t.topUp.failed}</p>}
      <button type="submit" className={buttonPrimary} disabled={!valid || pending}>
        {topUp.isPending
          ? t.topUp.redirecting
          : topUpQr.isPending
            ? t.qrPay.creating
            : t.topUp.pay(valid ? money(amount) : money(minimumMinor))}
      </button>
    </form>
  );
}
