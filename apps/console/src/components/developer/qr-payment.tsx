"use client";
// A WeChat Pay or Alipay order while the payer scans its QR code: the code (drawn in the
// browser with `qrcode`), its expiry, and the order's state polled every two seconds. Every
// fifth poll asks the provider too, so a payment whose notification is late is still found; an
// order past its expiry is closed by the server on the next poll. Alipay orders can also be paid
// on Alipay's website (alipay.trade.page.pay), which returns here.
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import QRCode from "qrcode";
import { useEffect, useRef, useState } from "react";
import { useMoney } from "@/components/shared/money.tsx";
import { buttonSecondary } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { formatMinor } from "@/lib/currency.ts";
import { useTRPC, useTRPCClient } from "@/trpc/client.tsx";

const POLL_MS = 2_000;
const ASK_PROVIDER_EVERY = 5;

export interface QrOrder {
  provider: "wechat_pay" | "alipay";
  orderId: string;
  /** Absent when coming back from Alipay's website: only the state is shown. */
  qrContent?: string;
  expiresAt?: Date;
  amountMinor?: bigint;
}

export function QrPayment({
  tenantId,
  order,
  onPaid,
  onDone,
}: {
  tenantId: string;
  order: QrOrder;
  onPaid: () => void;
  onDone: () => void;
}) {
  const { t, lang } = useI18n();
  const { format: money } = useMoney();
  const q = t.qrPay;
  const trpc = useTRPC();
  const client = useTRPCClient();
  const params = useParams<{ slug: string }>();
  const [image, setImage] = useState<string>();
  const polls = useRef(0);
  const announced = useRef(false);

  useEffect(() => {
    if (!order.qrContent) return;
    void QRCode.toDataURL(order.qrContent, { margin: 1, width: 220 }).then(setImage);
  }, [order.qrContent]);

  const status = useQuery({
    queryKey: [...trpc.billing.topUpQrStatus.pathKey(), order.orderId],
    queryFn: () => {
      polls.current += 1;
      return client.billing.topUpQrStatus.query({
        tenantId,
        provider: order.provider,
        orderId: order.orderId,
        askProvider: polls.current % ASK_PROVIDER_EVERY === 0,
      });
    },
    retry: false,
    refetchInterval: (query) => (query.state.data?.state === "PENDING" ? POLL_MS : false),
  });
  const pagePay = useMutation(
    trpc.billing.topUpAlipayPage.mutationOptions({
      onSuccess: ({ url }) => window.location.assign(url),
    }),
  );
  const state = status.data?.state;
  useEffect(() => {
    if (state === "PAID" && !announced.current) {
      announced.current = true;
      onPaid();
    }
  }, [state, onPaid]);

  const providerName = q.providers[order.provider];
  const box = "rounded-xl px-4 py-3 text-sm ring-1";
  if (state === "PAID" && status.data) {
    return (
      <div className="mt-4 space-y-3">
        <p
          role="status"
          data-testid="qr-paid"
          className={`${box} bg-emerald-500/10 text-emerald-200 ring-emerald-400/20`}
        >
          {q.paid(money(status.data.creditAmount))}
        </p>
        <div className="flex gap-2">
          <Link
            className={buttonSecondary}
            href={`/console/${encodeURIComponent(params.slug)}/billing/receipts/${order.orderId}`}
          >
            {q.receipt}
          </Link>
          <button type="button" className={buttonSecondary} onClick={onDone}>
            {q.again}
          </button>
        </div>
      </div>
    );
  }
  if (state && state !== "PENDING") {
    return (
      <div className="mt-4 space-y-3">
        <p role="status" className={`${box} bg-white/5 text-slate-300 ring-white/10`}>
          {q.expired}
        </p>
        <button type="button" className={buttonSecondary} onClick={onDone}>
          {q.again}
        </button>
      </div>
    );
  }
  const time = new Intl.DateTimeFormat(lang, { timeStyle: "short" });
  return (
    <div className="mt-4 space-y-3" data-testid="qr-payment">
      {order.qrContent && order.amountMinor !== undefined && (
        <p className="text-sm text-white">
          {q.scan(providerName, formatMinor(Number(order.amountMinor), "cny", lang))}
        </p>
      )}
      {order.qrContent && (
        <div
          className="inline-block rounded-xl bg-white p-2"
          data-testid="qr-code"
          data-qr-content={order.qrContent}
        >
          {image ? (
            <img src={image} alt={providerName} width={220} height={220} />
          ) : (
            <div className="h-[220px] w-[220px]" />
          )}
        </div>
      )}
      {order.expiresAt && (
        <p className="text-xs text-slate-400">{q.expires(time.format(order.expiresAt))}</p>
      )}
      <p role="status" className="text-xs text-slate-400">
        {q.waiting}
      </p>
      <div className="flex flex-wrap gap-2">
        {order.provider === "alipay" && order.qrContent && (
          <button
            type="button"
            className={buttonSecondary}
            disabled={pagePay.isPending}
            onClick={() => pagePay.mutate({ tenantId, orderId: order.orderId, slug: params.slug })}
          >
            {q.pagePay}
          </button>
        )}
        <button type="button" className={buttonSecondary} onClick={onDone}>
          {q.again}
        </button>
      </div>
    </div>
  );
}
