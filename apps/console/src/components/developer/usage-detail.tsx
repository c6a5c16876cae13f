import Link from "next/link";
import type { ReactNode } from "react";
import { Money } from "@/components/shared/money.tsx";
import { buttonSecondary, cardClass, EmptyState, PageHeader } from "@/components/shared/ui.tsx";
import type { Messages } from "@/i18n/messages/index.ts";
import { type UsagePricing, UsagePricingLines } from "./usage-pricing.tsx";

export interface UsageDetail {
  requestId: string;
  createdAt: Date;
  apiKey: { id: string; name: string; prefix: string };
  model: string;
  endpoint: string;
  stream: boolean;
  status: number;
  errorCode: string | null;
  errorMessage: string | null;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  images: number;
  audioSeconds: number;
  price: bigint;
  latencyMs: number;
  firstByteMs: number | null;
  clientIp: string | null;
  pricing: UsagePricing;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex items-baseline justify-between gap-4 py-2.5">
      <dt className="text-sm text-slate-400">{label}</dt>
      <dd className="min-w-0 break-all text-right text-sm text-slate-100">{children}</dd>
    </div>
  );
}

/** One request as its developer sees it: what they paid, never what it cost us or where it went. */
export function UsageDetailView({
  detail,
  backHref,
  t,
  lang,
}: {
  detail: UsageDetail | null;
  backHref: string;
  t: Messages;
  lang: string;
}) {
  const back = (
    <Link href={backHref} className={buttonSecondary}>
      {t.dev.usage.back}
    </Link>
  );
  if (!detail) {
    return (
      <EmptyState title={t.dev.usage.notFoundTitle} body={t.dev.usage.notFoundBody} action={back} />
    );
  }
  const number = new Intl.NumberFormat(lang);
  const time = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "medium" });
  const ms = (value: number) => `${number.format(value)} ms`;
  const ok = detail.status < 400;
  return (
    <div className="space-y-6">
      <PageHeader title={t.dev.usage.detailTitle} lead={detail.requestId} actions={back} />
      <div className="grid gap-4 md:grid-cols-2">
        <dl className={`${cardClass} divide-y divide-white/5 py-2 sm:py-2`}>
          <Row label={t.dev.usage.time}>{time.format(detail.createdAt)}</Row>
          <Row label={t.dev.usage.requestId}>
            <code className="font-mono text-xs" data-testid="detail-request-id">
              {detail.requestId}
            </code>
          </Row>
          <Row label={t.dev.usage.key}>
            {detail.apiKey.name}{" "}
            <code className="font-mono text-xs text-slate-500">{detail.apiKey.prefix}…</code>
          </Row>
          <Row label={t.dev.usage.model}>
            <code className="font-mono text-xs">{detail.model}</code>
          </Row>
          <Row label={t.dev.usage.endpoint}>
            <code className="font-mono text-xs">{detail.endpoint}</code>
          </Row>
          <Row label={t.dev.usage.stream}>{detail.stream ? t.dev.usage.yes : t.dev.usage.no}</Row>
          <Row label={t.dev.usage.status}>
            <span
              className={`rounded px-1.5 py-0.5 font-mono text-xs ${
                ok ? "bg-emerald-400/10 text-emerald-300" : "bg-rose-400/10 text-rose-300"
              }`}
            >
              {detail.status}
            </span>
          </Row>
          {detail.errorCode && (
            <Row label={t.dev.usage.errorCode}>
              <code className="font-mono text-xs text-rose-200">{detail.errorCode}</code>
            </Row>
          )}
          {detail.errorMessage && (
            <Row label={t.devPages.usage.errorMessage}>
              <span className="text-xs text-rose-200" data-testid="detail-error-message">
                {detail.errorMessage}
              </span>
            </Row>
          )}
          {detail.clientIp && (
            <Row label={t.dev.usage.clientIp}>
              <code className="font-mono text-xs">{detail.clientIp}</code>
            </Row>
          )}
        </dl>
        <div className="space-y-4">
          <dl className={`${cardClass} divide-y divide-white/5 py-2 sm:py-2`}>
            <Row label={t.dev.usage.price}>
              <span className="font-mono text-base font-semibold" data-testid="detail-price">
                <Money micros={detail.price} />
              </span>
            </Row>
            <div className="py-2.5">
              <div className="mb-1.5 text-sm text-slate-400">{t.devPages.pricing.title}</div>
              <UsagePricingLines
                pricing={detail.pricing}
                usage={detail}
                failed={!ok}
                t={t}
                lang={lang}
              />
            </div>
          </dl>
          <dl className={`${cardClass} divide-y divide-white/5 py-2 sm:py-2`}>
            <Row label={t.dev.usage.promptTokens}>{number.format(detail.promptTokens)}</Row>
            <Row label={`↳ ${t.dev.usage.cachedTokens}`}>{number.format(detail.cachedTokens)}</Row>
            <Row label={t.dev.usage.completionTokens}>{number.format(detail.completionTokens)}</Row>
            {detail.images > 0 && (
              <Row label={t.dev.usage.images}>{number.format(detail.images)}</Row>
            )}
          </dl>
          <dl className={`${cardClass} divide-y divide-white/5 py-2 sm:py-2`}>
            <Row label={t.dev.usage.latency}>{ms(detail.latencyMs)}</Row>
            <Row label={t.dev.usage.firstByte}>
              {detail.firstByteMs === null ? "—" : ms(detail.firstByteMs)}
            </Row>
          </dl>
        </div>
      </div>
    </div>
  );
}
