"use client";
// The operator refunds a WeChat Pay or Alipay top-up by its order id (the id in the receipt's
// address), in full or in part. The balance moves when the provider confirms.
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { buttonPrimary, cardClass, inputClass } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { parseMinor } from "@/lib/currency.ts";
import { useTRPC } from "@/trpc/client.tsx";
import { errorMessage } from "./states.tsx";

export function QrRefund() {
  const { t } = useI18n();
  const r = t.qrRefund;
  const trpc = useTRPC();
  const [done, setDone] = useState<string>();
  const refund = useMutation(
    trpc.operatorPayments.refund.mutationOptions({
      onSuccess: ({ status, refundNo }) =>
        setDone(status === "refunded" ? r.refunded(refundNo) : r.processing(refundNo)),
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setDone(undefined);
    const form = new FormData(event.currentTarget);
    const amountText = String(form.get("amount") ?? "").trim();
    const minor = amountText ? parseMinor(amountText, "cny") : undefined;
    refund.mutate({
      orderId: String(form.get("orderId") ?? "").trim(),
      amountMinor: minor === undefined ? undefined : Number(minor),
      reason: String(form.get("reason") ?? ""),
    });
  };
  const field = (name: string, label: string) => (
    <div className="text-xs text-slate-400">
      <label htmlFor={`qr-refund-${name}`}>{label}</label>
      <input id={`qr-refund-${name}`} name={name} className={`${inputClass} mt-1 font-mono`} />
    </div>
  );
  return (
    <form className={`${cardClass} space-y-3`} aria-labelledby="qr-refund" onSubmit={submit}>
      <h2 id="qr-refund" className="text-sm font-medium text-white">
        {r.title}
      </h2>
      <p className="text-xs leading-5 text-slate-400">{r.lead}</p>
      {field("orderId", r.orderId)}
      {field("amount", r.amount)}
      {field("reason", r.reason)}
      {refund.isError && (
        <p className="text-sm text-rose-300">{errorMessage(refund.error, t.qrPay.failed)}</p>
      )}
      {done && (
        <p role="status" className="text-sm text-emerald-300">
          {done}
        </p>
      )}
      <button type="submit" className={buttonPrimary} disabled={refund.isPending}>
        {refund.isPending ? r.submitting : r.submit}
      </button>
    </form>
  );
}
