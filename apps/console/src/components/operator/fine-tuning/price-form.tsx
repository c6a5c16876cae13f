"use client";
import { usdInput } from "@relay/billing/money";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { buttonPrimary, cardClass, FieldError, inputClass } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import { errorMessage } from "../states.tsx";

const USD = /^\d{1,10}(\.\d{1,6})?$/;
type Field = "training" | "input" | "output";

/** One base model's fine-tuning prices, prefilled with those in force. */
export function PriceForm({
  row,
}: {
  row: { model: string; trainingPerMTok: bigint; inputPerMTok: bigint; outputPerMTok: bigint };
}) {
  const { t } = useI18n();
  const o = t.fineTuning.operator;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Record<Field, string>>({
    training: usdInput(row.trainingPerMTok),
    input: usdInput(row.inputPerMTok),
    output: usdInput(row.outputPerMTok),
  });
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.operatorFineTuning.setPrice.mutationOptions({
      onSuccess: async () => {
        setSaved(true);
        await queryClient.invalidateQueries({
          queryKey: trpc.operatorFineTuning.prices.queryKey(),
        });
      },
    }),
  );

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    if (Object.values(values).some((v) => !USD.test(v.trim()))) {
      setError(o.errors.usd);
      return;
    }
    setError(undefined);
    try {
      await save.mutateAsync({
        model: row.model,
        training: values.training.trim(),
        input: values.input.trim(),
        output: values.output.trim(),
      });
    } catch (failure) {
      setError(errorMessage(failure, o.errors.generic));
    }
  }

  const fields: [Field, string][] = [
    ["training", o.training],
    ["input", o.input],
    ["output", o.output],
  ];
  return (
    <form onSubmit={onSubmit} noValidate className={`${cardClass} space-y-4`}>
      <h2 className="font-semibold text-white">{o.priceTitle(row.model)}</h2>
      <div className="grid gap-4 sm:grid-cols-3">
        {fields.map(([name, label]) => (
          <div key={name} className="space-y-1.5">
            <label htmlFor={`ft-${name}`} className="text-sm font-medium text-slate-200">
              {label}
            </label>
            <input
              id={`ft-${name}`}
              name={name}
              inputMode="decimal"
              value={values[name]}
              onChange={(event) => setValues({ ...values, [name]: event.target.value })}
              className={inputClass}
            />
          </div>
        ))}
      </div>
      <FieldError id="ft-price-error" message={error} />
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
