"use client";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { trpcCode } from "@/components/shared/format.ts";
import { useMoney } from "@/components/shared/money.tsx";
import { buttonPrimary, cardClass, FieldError, inputClass } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";

export interface RedeemCardProps {
  /** The tenant credited; the caller must be a member (DEVELOPER or higher). */
  tenantId: string;
  /** After a successful redemption, e.g. to refresh the balance and ledger queries. */
  onRedeemed?: (result: { amount: bigint; balanceAfter: bigint }) => void;
}

/** "Redeem a code": one field, one button, the credited amount or a clear refusal. */
export function RedeemCard({ tenantId, onRedeemed }: RedeemCardProps) {
  const { t } = useI18n();
  const { format: money } = useMoney();
  const r = t.catalog.redeem;
  const trpc = useTRPC();
  const [code, setCode] = useState("");
  const [empty, setEmpty] = useState(false);
  const redeem = useMutation(
    trpc.billing.redeem.mutationOptions({
      onSuccess: (result) => {
        setCode("");
        onRedeemed?.(result);
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    setEmpty(!code.trim());
    if (!code.trim()) return;
    redeem.mutate({ tenantId, code: code.trim() });
  }

  const known: Record<string, string> = {
    "This code is not valid": r.errors.invalid,
    "This code has already been redeemed": r.errors.redeemed,
    "This code has been disabled": r.errors.disabled,
    "This code has expired": r.errors.expired,
  };
  const errorCode = trpcCode(redeem.error);
  const error = empty
    ? r.errors.empty
    : !redeem.error
      ? undefined
      : errorCode === "TOO_MANY_REQUESTS"
        ? r.errors.rateLimited
        : (known[redeem.error.message] ?? r.errors.generic);

  return (
    <section className={cardClass} aria-labelledby="redeem-title">
      <h2 id="redeem-title" className="font-semibold text-white">
        {r.title}
      </h2>
      <p className="mt-1 text-sm text-slate-400">{r.lead}</p>
      <form onSubmit={submit} noValidate className="mt-4 flex flex-col gap-2 sm:flex-row">
        <label className="min-w-0 flex-1">
          <span className="sr-only">{r.label}</span>
          <input
            className={`${inputClass} font-mono uppercase`}
            aria-label={r.label}
            placeholder="RELAY-XXXX-XXXX-XXXX-XXXX"
            autoComplete="off"
            spellCheck={false}
            value={code}
            aria-invalid={Boolean(error)}
            aria-describedby="redeem-error"
            onChange={(e) => setCode(e.target.value)}
          />
        </label>
        <button type="submit" className={buttonPrimary} disabled={redeem.isPending}>
          {redeem.isPending ? r.submitting : r.submit}
        </button>
      </form>
      <FieldError id="redeem-error" message={error} />
      {redeem.isSuccess && !redeem.isPending && (
        <p role="status" data-testid="redeem-success" className="mt-2 text-sm text-emerald-300">
          {r.success(money(redeem.data.amount), money(redeem.data.balanceAfter))}
        </p>
      )}
    </section>
  );
}
