import Link from "next/link";
import type { ReactNode } from "react";
import { buttonSecondary, EmptyState } from "@/components/shared/ui.tsx";
import type { Messages } from "@/i18n/messages/index.ts";
import { formatMinor } from "@/lib/currency.ts";
import { usd } from "@/lib/display-money.ts";
import { PrintButton } from "./print-button.tsx";

export interface Receipt {
  receiptNumber: string;
  order: {
    id: string;
    state: "PENDING" | "PAID" | "EXPIRED" | "REFUNDED" | "FAILED" | "DISPUTED" | "CHARGED_BACK";
    currency: string;
    amountMinor: bigint;
    creditAmount: bigint;
    refundedAmount: bigint;
    paymentMethod: string | null;
    paidAt: Date;
    stripeSessionId: string | null;
    stripePaymentIntentId: string | null;
    providerTradeNo: string | null;
  };
  tenant: { name: string; slug: string };
  refunds: Array<{ id: string; createdAt: Date; amount: bigint }>;
  refundedMinor: bigint | null;
}

// Printed, only the receipt shows, black on white; the console's header and buttons do not.
const printCss = `
@media print {
  @page { margin: 16mm; }
  html, body { background: #fff !important; }
  body * { visibility: hidden; }
  #receipt, #receipt * { visibility: visible; color: #111 !important; background: transparent !important; border-color: #bbb !important; box-shadow: none !important; }
  #receipt { position: absolute; left: 0; top: 0; width: 100%; padding: 0 !important; border: 0 !important; }
  .receipt-actions { display: none !important; }
}`;

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="flex flex-col gap-0.5 py-2.5 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
      <dt className="text-sm text-slate-400">{label}</dt>
      <dd className="min-w-0 break-all text-sm text-slate-100 sm:text-right" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** A paid top-up's receipt, printable. Server-rendered: the data comes with the page. */
export function ReceiptView({
  receipt,
  backHref,
  t,
  lang,
}: {
  receipt: Receipt | null;
  backHref: string;
  t: Messages;
  lang: string;
}) {
  const r = t.receipts.receipt;
  const back = (
    <Link href={backHref} className={buttonSecondary}>
      {r.back}
    </Link>
  );
  if (!receipt) return <EmptyState title={r.notFoundTitle} body={r.notFoundBody} action={back} />;
  const { order } = receipt;
  const date = new Intl.DateTimeFormat(lang, { dateStyle: "long", timeStyle: "short" });
  const method =
    order.paymentMethod === "card" ||
    order.paymentMethod === "alipay" ||
    order.paymentMethod === "wechat_pay"
      ? t.topUp.methodNames[order.paymentMethod]
      : (order.paymentMethod ?? "—");
  const mono = "font-mono tabular-nums";

  return (
    <div className="space-y-4">
      <style>{printCss}</style>
      <div className="receipt-actions flex flex-wrap items-center justify-between gap-3">
        {back}
        <PrintButton label={r.print} />
      </div>
      <article
        id="receipt"
        className="mx-auto max-w-2xl rounded-2xl border border-white/10 bg-white/[0.03] p-5 sm:p-8"
        aria-labelledby="receipt-title"
      >
        <header className="flex flex-wrap items-start justify-between gap-4 border-b border-white/10 pb-5">
          <div>
            <p className="text-lg font-semibold text-white">{r.issuer}</p>
            <p className="text-sm text-slate-400">{r.issuerLine}</p>
          </div>
          <div className="text-left sm:text-right">
            <h1 id="receipt-title" className="text-2xl font-semibold tracking-tight text-white">
              {r.title}
            </h1>
            <p className={`text-sm text-slate-300 ${mono}`} data-testid="receipt-number">
              {receipt.receiptNumber}
            </p>
          </div>
        </header>
        <dl className="divide-y divide-white/5">
          <Row label={r.billedTo}>
            {receipt.tenant.name} <span className="text-slate-500">({receipt.tenant.slug})</span>
          </Row>
          <Row label={r.datePaid}>{date.format(order.paidAt)}</Row>
          <Row label={r.amountPaid} testId="receipt-paid">
            <span className={`text-base font-semibold ${mono}`}>
              {formatMinor(order.amountMinor, order.currency, lang)}
            </span>
          </Row>
          <Row label={r.currency}>{order.currency.toUpperCase()}</Row>
          <Row label={r.credited} testId="receipt-credited">
            <span className={mono}>{usd(order.creditAmount)}</span>
            <span className="block text-xs text-slate-500">{r.creditedHint}</span>
          </Row>
          <Row label={r.method}>{method}</Row>
          <Row label={r.status}>{t.receipts.states[order.state]}</Row>
          {order.stripeSessionId && (
            <Row label={r.session}>
              <span className={`text-xs ${mono}`}>{order.stripeSessionId}</span>
            </Row>
          )}
          {order.providerTradeNo && (
            <Row label={t.qrPay.tradeNo(method)} testId="receipt-trade-no">
              <span className={`text-xs ${mono}`}>{order.providerTradeNo}</span>
            </Row>
          )}
          {order.stripePaymentIntentId && (
            <Row label={r.paymentIntent}>
              <span className={`text-xs ${mono}`}>{order.stripePaymentIntentId}</span>
            </Row>
          )}
        </dl>
        {receipt.refunds.length > 0 && (
          <section className="mt-5 border-t border-white/10 pt-4" aria-labelledby="receipt-refunds">
            <h2 id="receipt-refunds" className="text-sm font-medium text-slate-200">
              {r.refunds}
            </h2>
            <dl className="mt-1 divide-y divide-white/5">
              {receipt.refunds.map((refund) => (
                <Row key={refund.id} label={r.refundRow(date.format(refund.createdAt))}>
                  <span className={mono}>-{usd(refund.amount)}</span>
                </Row>
              ))}
              <Row label={r.refundedTotal} testId="receipt-refunded">
                <span className={mono}>
                  {receipt.refundedMinor !== null &&
                    `${formatMinor(receipt.refundedMinor, order.currency, lang)} · `}
                  -{usd(order.refundedAmount)}
                </span>
              </Row>
              <Row label={r.netCredit}>
                <span className={`font-semibold ${mono}`}>
                  {usd(order.creditAmount - order.refundedAmount)}
                </span>
              </Row>
            </dl>
          </section>
        )}
        <p className="mt-6 border-t border-white/10 pt-4 text-xs leading-5 text-slate-500">
          {r.footer}
        </p>
      </article>
    </div>
  );
}
