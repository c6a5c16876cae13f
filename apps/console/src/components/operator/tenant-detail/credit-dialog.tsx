"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Modal } from "@/components/shared/modal.tsx";
import { useMoney } from "@/components/shared/money.tsx";
import { buttonPrimary, buttonSecondary, FieldError, inputClass } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import { errorMessage } from "../states.tsx";

const amountPattern = /^-?\d+(\.\d{1,6})?$/;

/** A manual credit or debit; the reason is required and goes into the audit log. */
export function CreditDialog({ tenantId, onClose }: { tenantId: string; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { format, display } = useMoney();
  const queryClient = useQueryClient();
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<{ field: "amount" | "reason"; message: string }>();
  // One key per opened dialog: a double click or a retry posts the entry once.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const credit = useMutation(
    trpc.operatorTenants.credit.mutationOptions({
      onSuccess: async () => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.operatorTenants.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.operatorInsights.pathKey() }),
        ]);
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = amount.trim();
    if (!amountPattern.test(trimmed)) {
      setProblem({ field: "amount", message: t.operator.detail.amountInvalid });
    } else if (/^-?[0.]+$/.test(trimmed)) {
      setProblem({ field: "amount", message: t.operator.detail.amountZero });
    } else if (!reason.trim()) {
      setProblem({ field: "reason", message: t.operator.detail.reasonRequired });
    } else {
      setProblem(undefined);
      credit.mutate({ tenantId, amount: trimmed, reason: reason.trim(), idempotencyKey });
    }
  };
  return (
    <Modal title={t.operator.detail.creditTitle} onClose={onClose} locked={credit.isPending}>
      {credit.data ? (
        // The operator sees what was posted before the dialog goes away.
        <div className="space-y-4">
          <p role="status" data-testid="credit-posted" className="text-sm text-emerald-200">
            {t.operator.detail.posted(
              `${credit.data.amount > 0n ? "+" : ""}${format(credit.data.amount)}`,
              format(credit.data.balanceAfter),
            )}
          </p>
          <div className="flex justify-end">
            <button type="button" className={buttonPrimary} onClick={onClose}>
              {t.fixes.creditDone}
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={submit} className="space-y-4" noValidate>
          <label className="block text-sm">
            <span className="mb-1.5 block text-slate-300">{t.operator.detail.amount}</span>
            <input
              className={inputClass}
              inputMode="decimal"
              value={amount}
              onChange={(event) => setAmount(event.target.value)}
              placeholder="2.00"
              aria-invalid={problem?.field === "amount"}
              aria-describedby="credit-amount-error"
            />
            <span className="mt-1 block text-xs text-slate-500">
              {t.operator.detail.amountHint}
              {display.code !== "USD" && ` ${t.fixes.currency.inputIn("USD")}`}
            </span>
          </label>
          <FieldError
            id="credit-amount-error"
            message={problem?.field === "amount" ? problem.message : undefined}
          />
          <label className="block text-sm">
            <span className="mb-1.5 block text-slate-300">{t.operator.detail.reason}</span>
            <input
              className={inputClass}
              value={reason}
              maxLength={500}
              onChange={(event) => setReason(event.target.value)}
              placeholder={t.operator.detail.reasonPlaceholder}
              aria-invalid={problem?.field === "reason"}
              aria-describedby="credit-reason-error"
            />
            <span
              data-testid="credit-reason-shown"
              className="mt-1 block text-xs text-amber-200/80"
            >
              {t.fixes.creditReasonShown}
            </span>
          </label>
          <FieldError
            id="credit-reason-error"
            message={problem?.field === "reason" ? problem.message : undefined}
          />
          <FieldError
            id="credit-error"
            message={credit.isError ? errorMessage(credit.error, t.auth.errors.generic) : undefined}
          />
          <div className="flex justify-end gap-2">
            <button type="button" className={buttonSecondary} onClick={onClose}>
              {t.common.cancel}
            </button>
            <button type="submit" className={buttonPrimary} disabled={credit.isPending}>
              {credit.isPending ? t.operator.detail.posting : t.operator.detail.submitCredit}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
