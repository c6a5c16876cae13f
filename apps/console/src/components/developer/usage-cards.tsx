"use client";
import { parseUsdInput } from "@relay/billing/money";
import Link from "next/link";
import { Money } from "@/components/shared/money.tsx";
import { useI18n } from "@/i18n/client.tsx";

export interface UsageCardRow {
  id: string;
  createdAt: Date;
  apiKeyId: string;
  model: string;
  status: number;
  promptTokens: number;
  completionTokens: number;
  price: string;
  requestId: string;
}

/** The usage log on a phone: one card per call with what matters (time, model, status, price). */
export function UsageCards({
  rows,
  keyNames,
  slug,
}: {
  rows: UsageCardRow[];
  keyNames: Map<string, string>;
  slug: string;
}) {
  const { t, lang } = useI18n();
  const number = new Intl.NumberFormat(lang);
  const time = new Intl.DateTimeFormat(lang, { dateStyle: "short", timeStyle: "medium" });
  return (
    <ul className="space-y-2 md:hidden" data-testid="usage-cards">
      {rows.map((row) => (
        <li
          key={row.id}
          data-testid="usage-card"
          className="rounded-xl border border-white/10 bg-white/[0.03] px-4 py-3 text-sm"
        >
          <div className="flex items-baseline justify-between gap-3">
            <span className="min-w-0 break-all font-mono text-xs text-slate-200">{row.model}</span>
            <span className="shrink-0 font-mono text-xs tabular-nums text-slate-100">
              <Money micros={parseUsdInput(row.price) ?? 0n} />
            </span>
          </div>
          <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-400">
            <span
              className={`rounded px-1.5 py-0.5 font-mono ${
                row.status < 400
                  ? "bg-emerald-400/10 text-emerald-300"
                  : "bg-rose-400/10 text-rose-300"
              }`}
            >
              {row.status}
            </span>
            <span>{time.format(row.createdAt)}</span>
            <span>
              {t.usage.tokens}: {number.format(row.promptTokens + row.completionTokens)}
            </span>
          </div>
          <div className="mt-1 flex flex-wrap justify-between gap-x-3 text-xs">
            <span className="break-all text-slate-500">
              {keyNames.get(row.apiKeyId) ?? row.apiKeyId.slice(0, 8)}
            </span>
            <Link
              href={`/console/${slug}/usage/${encodeURIComponent(row.requestId)}`}
              className="text-indigo-300 underline-offset-2 hover:underline"
            >
              {t.dev.usage.details}
            </Link>
          </div>
        </li>
      ))}
    </ul>
  );
}
