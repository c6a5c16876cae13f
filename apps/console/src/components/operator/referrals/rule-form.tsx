"use client";
import { usdInput } from "@relay/billing/money";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { buttonPrimary, cardClass, FieldError, inputClass } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { bpsToInput, percentToBps } from "@/lib/percent.ts";
import { useTRPC } from "@/trpc/client.tsx";
import { errorMessage } from "../states.tsx";

const USD = /^\d{1,10}(\.\d{1,6})?$/;

type Field = "rate" | "cap" | "form";

export function RuleForm({
  loaded,
}: {
  loaded: { enabled: boolean; rateBps: number; capPerReferred: bigint | null };
}) {
  const { t } = useI18n();
  const o = t.referral.operator;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [enabled, setEnabled] = useState(loaded.enabled);
  const [rate, setRate] = useState(bpsToInput(loaded.rateBps));
  const [cap, setCap] = useState(
    loaded.capPerReferred === null ? "" : usdInput(loaded.capPerReferred),
  );
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.operatorReferrals.save.mutationOptions({
      onSuccess: async () => {
        setSaved(true);
        await queryClient.invalidateQueries({ queryKey: trpc.operatorReferrals.get.queryKey() });
      },
    }),
  );

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    const rateBps = percentToBps(rate);
    const capText = cap.trim();
    const found: Partial<Record<Field, string>> = {};
    if (rateBps === undefined) found.rate = o.errors.rate;
    else if (enabled && rateBps === 0) found.rate = o.errors.onAtZero;
    if (capText && (!USD.test(capText) || /^[0.]+$/.test(capText))) found.cap = o.errors.cap;
    setErrors(found);
    if (Object.keys(found).length > 0 || rateBps === undefined) return;
    try {
      await save.mutateAsync({ enabled, rateBps, capPerReferred: capText || undefined });
    } catch (error) {
      setErrors({ form: errorMessage(error, o.errors.generic) });
    }
  }

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className={`${cardClass} space-y-4`}
      aria-labelledby="referral-rule"
    >
      <h2 id="referral-rule" className="font-semibold text-white">
        {o.settingsTitle}
      </h2>
      <label className="flex items-center gap-2 text-sm text-slate-200">
        <input
          type="checkbox"
          name="enabled"
          className="size-4 accent-indigo-500"
          checked={enabled}
          onChange={(event) => setEnabled(event.target.checked)}
        />
        {o.enabled}
      </label>
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="space-y-1.5">
          <label htmlFor="referral-rate" className="text-sm font-medium text-slate-200">
            {o.rate}
          </label>
          <input
            id="referral-rate"
            name="rate"
            inputMode="decimal"
            value={rate}
            onChange={(event) => setRate(event.target.value)}
            aria-invalid={Boolean(errors.rate)}
            aria-describedby={errors.rate ? "referral-rate-error" : "referral-rate-hint"}
            className={inputClass}
          />
          <p id="referral-rate-hint" className="text-xs text-slate-500">
            {o.rateHint}
          </p>
          <FieldError id="referral-rate-error" message={errors.rate} />
        </div>
        <div className="space-y-1.5">
          <label htmlFor="referral-cap" className="text-sm font-medium text-slate-200">
            {o.cap}
          </label>
          <input
            id="referral-cap"
            name="cap"
            inputMode="decimal"
            value={cap}
            onChange={(event) => setCap(event.target.value)}
            aria-invalid={Boolean(errors.cap)}
            aria-describedby={errors.cap ? "referral-cap-error" : "referral-cap-hint"}
            className={inputClass}
          />
          <p id="referral-cap-hint" className="text-xs text-slate-500">
            {o.capHint}
          </p>
          <FieldError id="referral-cap-error" message={errors.cap} />
        </div>
      </div>
      {errors.form && (
        <p role="alert" className="text-sm text-rose-300">
          {errors.form}
        </p>
      )}
      <div className="flex items-center gap-3">
        <button type="submit" disabled={save.isPending} className={buttonPrimary}>
          {save.isPending ? o.saving : o.save}
        </button>
        {saved && (
          <span role="status" className="text-sm text-emerald-300">
            {o.saved}
          </span>
        )}
      </div>
    </form>
  );
}
