"use client";
// The operator's fine-tuning page: each chat model's fine-tuning prices (the operator's, or the
// defaults), a form for the chosen model's, and a tenant's storage quota.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { usdUnit } from "@/components/shared/format.ts";
import { LoadingRows, QueryError } from "@/components/shared/query-states.tsx";
import { buttonSecondary, DataTable, PageHeader } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import { PriceForm } from "./price-form.tsx";
import { QuotaForm } from "./quota-form.tsx";

const cell = "block px-5 py-1 md:table-cell md:py-3";

export function FineTuningPricesView() {
  const { t } = useI18n();
  const o = t.fineTuning.operator;
  const trpc = useTRPC();
  const prices = useQuery(trpc.operatorFineTuning.prices.queryOptions());
  const [editing, setEditing] = useState<string>();
  const chosen = prices.data?.find((row) => row.model === editing);

  return (
    <div className="space-y-6">
      <PageHeader title={o.title} lead={o.lead} />
      {prices.isPending ? (
        <LoadingRows rows={4} className="h-12" />
      ) : prices.isError ? (
        <QueryError retry={() => void prices.refetch()} />
      ) : (
        <DataTable
          columns={[
            { label: o.model },
            { label: o.training, numeric: true },
            { label: o.input, numeric: true },
            { label: o.output, numeric: true },
            { label: o.source },
            { label: "" },
          ]}
        >
          {prices.data.map((row) => (
            <tr key={row.model} data-testid="ft-price-row" className="block py-2 md:table-row">
              <td className={`${cell} font-mono text-slate-100`}>{row.model}</td>
              <td className={`${cell} text-right font-mono text-slate-200`}>
                {usdUnit(row.trainingPerMTok)}
              </td>
              <td className={`${cell} text-right font-mono text-slate-200`}>
                {usdUnit(row.inputPerMTok)}
              </td>
              <td className={`${cell} text-right font-mono text-slate-200`}>
                {usdUnit(row.outputPerMTok)}
              </td>
              <td className={`${cell} text-slate-400`}>{row.custom ? o.custom : o.defaults}</td>
              <td className={cell}>
                <button
                  type="button"
                  className={buttonSecondary}
                  onClick={() => setEditing(row.model)}
                >
                  {o.edit}
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {chosen && <PriceForm key={chosen.model} row={chosen} />}
      <QuotaForm />
    </div>
  );
}
