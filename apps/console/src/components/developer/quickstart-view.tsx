"use client";
// Everything needed for a first call: the base URL, which key to use, and calls to copy.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { CopyButton } from "@/components/shared/copy-button.tsx";
import { QueryError } from "@/components/shared/query-states.tsx";
import { cardClass, inputClass, PageHeader } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import {
  exportLine,
  QUICKSTART_LANGUAGES,
  type QuickstartLanguage,
  quickstartSnippet,
} from "./quickstart-snippets.ts";

const DEFAULT_MODEL = "gpt-4o-mini";

export function QuickstartView({
  tenantId,
  slug,
  baseUrl,
}: {
  tenantId: string;
  slug: string;
  baseUrl: string;
}) {
  const { t } = useI18n();
  const q = t.devPages.quickstart;
  const trpc = useTRPC();
  const keys = useQuery(trpc.apiKey.list.queryOptions({ tenantId }));
  const models = useQuery(trpc.models.list.queryOptions({ tenantId }));
  const active = (keys.data ?? []).filter((k) => k.status === "ACTIVE");
  const [keyId, setKeyId] = useState("");
  const [language, setLanguage] = useState<QuickstartLanguage>("curl");
  const key = active.find((k) => k.id === keyId) ?? active[0];
  const chat = models.data?.models.filter((m) => m.kind === "CHAT") ?? [];
  const model = chat.some((m) => m.id === DEFAULT_MODEL)
    ? DEFAULT_MODEL
    : (chat[0]?.id ?? DEFAULT_MODEL);
  const setup = exportLine(key?.prefix);
  const code = quickstartSnippet(language, baseUrl, model);
  return (
    <div className="space-y-6">
      <PageHeader title={q.title} lead={q.lead} />
      <section className={`${cardClass} space-y-3`}>
        <h2 className="text-sm font-medium text-slate-300">{q.baseUrl}</h2>
        <div className="flex items-center gap-2">
          <code
            className="flex-1 rounded-lg bg-black/40 px-3 py-2 font-mono text-sm text-slate-100"
            data-testid="quickstart-base-url"
          >
            {baseUrl}
          </code>
          <CopyButton value={baseUrl} label={t.common.copy} copiedLabel={t.common.copied} />
        </div>
        <p className="text-xs text-slate-500">{q.baseUrlHint}</p>
      </section>
      <section className={`${cardClass} space-y-3`}>
        <h2 className="text-sm font-medium text-slate-300">{q.key}</h2>
        {keys.isError ? (
          <QueryError retry={() => void keys.refetch()} />
        ) : active.length === 0 && !keys.isPending ? (
          <p className="text-sm text-slate-400">
            {q.noKeys}{" "}
            <Link href={`/console/${slug}/keys`} className="text-indigo-300 underline">
              {q.createKey}
            </Link>
          </p>
        ) : (
          <select
            aria-label={q.key}
            value={key?.id ?? ""}
            onChange={(event) => setKeyId(event.target.value)}
            className={`${inputClass} max-w-md`}
          >
            {active.map((k) => (
              <option key={k.id} value={k.id}>
                {k.name} ({k.prefix}…)
              </option>
            ))}
          </select>
        )}
        <p className="text-xs text-slate-500">{q.keyHint}</p>
        <div className="flex items-start gap-2">
          <pre
            className="flex-1 overflow-x-auto rounded-xl bg-black/40 p-3 font-mono text-xs text-slate-300"
            data-testid="quickstart-export"
          >
            {setup}
          </pre>
          <CopyButton value={setup} label={t.common.copy} copiedLabel={t.common.copied} />
        </div>
      </section>
      <section className={`${cardClass} space-y-3`}>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <div role="tablist" className="flex flex-wrap gap-1 rounded-lg bg-black/30 p-1">
            {QUICKSTART_LANGUAGES.map((id) => (
              <button
                key={id}
                type="button"
                role="tab"
                aria-selected={language === id}
                onClick={() => setLanguage(id)}
                className={`rounded-md px-2.5 py-1 text-xs font-medium transition ${
                  language === id ? "bg-white/10 text-white" : "text-slate-400 hover:text-slate-200"
                }`}
              >
                {q.tabs[id]}
              </button>
            ))}
          </div>
          <CopyButton value={code} label={t.common.copy} copiedLabel={t.common.copied} />
        </div>
        <p className="text-xs text-slate-500">{q.notes[language]}</p>
        <pre
          className="overflow-x-auto rounded-xl bg-black/40 p-4 font-mono text-xs leading-5 text-slate-300"
          data-testid="quickstart-snippet"
        >
          {code}
        </pre>
      </section>
    </div>
  );
}
