"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { buttonPrimary, cardClass, FieldError, inputClass } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { parseRate, rateText } from "@/lib/display-money.ts";
import { useTRPC } from "@/trpc/client.tsx";

/** The platform's display currency (USD or CNY) and the CNY per USD rate money is shown at. */
export function DisplayCurrencyCard() {
  const { t } = useI18n();
  const c = t.fixes.currency;
  const trpc = useTRPC();
  const setting = useQuery(trpc.operatorPayments.displayCurrency.queryOptions());
  if (!setting.data) return null;
  return (
    // Mounted once the setting is loaded, so the fields start from it; a save keeps them.
    <DisplayCurrencyForm title={c.title} initial={setting.data} />
  );
}

function DisplayCurrencyForm({
  title,
  initial,
}: {
  title: string;
  initial: {
    configured: boolean;
    currency: "USD" | "CNY";
    cnyPerUsdPpm: bigint | null;
    effectivePpm: bigint | null;
  };
}) {
  const { t } = useI18n();
  const c = t.fixes.currency;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [currency, setCurrency] = useState(initial.currency);
  const [rate, setRate] = useState(
    initial.cnyPerUsdPpm === null ? "" : rateText(initial.cnyPerUsdPpm),
  );
  const [problem, setProblem] = useState<string>();
  const save = useMutation(
    trpc.operatorPayments.saveDisplayCurrency.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({
          queryKey: trpc.operatorPayments.displayCurrency.queryKey(),
        });
        // Every figure on every page reads the currency from the layout: render it again.
        router.refresh();
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const ppm = rate.trim() === "" ? null : parseRate(rate);
    if (
      ppm === undefined ||
      (currency === "CNY" && ppm === null && initial.effectivePpm === null)
    ) {
      setProblem(c.badRate);
      return;
    }
    setProblem(undefined);
    save.mutate({ currency, cnyPerUsdPpm: ppm });
  };
  return (
    <section
      className={cardClass}
      aria-labelledby="display-currency"
      data-testid="display-currency"
    >
      <h2 id="display-currency" className="font-semibold text-white">
        {title}
      </h2>
      <p className="mt-1 text-sm text-slate-400">{c.lead}</p>
      <form onSubmit={submit} noValidate className="mt-4 grid gap-4 sm:grid-cols-3">
        <label className="block text-sm">
          <span className="mb-1.5 block text-slate-300">{c.title}</span>
          <select
            className={inputClass}
            value={currency}
            onChange={(event) => setCurrency(event.target.value === "CNY" ? "CNY" : "USD")}
          >
            <option value="USD">{c.usd}</option>
            <option value="CNY">{c.cny}</option>
          </select>
        </label>
        <label className="block text-sm">
          <span className="mb-1.5 block text-slate-300">{c.rate}</span>
          <input
            className={inputClass}
            inputMode="decimal"
            value={rate}
            placeholder={initial.effectivePpm === null ? "7.2" : rateText(initial.effectivePpm)}
            onChange={(event) => setRate(event.target.value)}
            aria-invalid={Boolean(problem)}
            aria-describedby="display-rate-error"
          />
          <span className="mt-1 block text-xs text-slate-500">{c.rateHint}</span>
          <FieldError id="display-rate-error" message={problem} />
        </label>
        <div className="flex items-end justify-end gap-3">
          {save.isSuccess && (
            <span role="status" className="text-sm text-emerald-300">
              {c.saved}
            </span>
          )}
          {save.isError && (
            <span role="alert" className="text-sm text-rose-300">
              {t.auth.errors.generic}
            </span>
          )}
          <button type="submit" className={buttonPrimary} disabled={save.isPending}>
            {c.save}
          </button>
        </div>
      </form>
    </section>
  );
}
