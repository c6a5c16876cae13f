"use client";
import { useState } from "react";
import { buttonSecondary } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";

/**
 * After a channel test: the models the upstream listed that the channel does not serve yet, to
 * pick from instead of typing their ids. Adding opens the edit form with them appended.
 */
export function UpstreamModels({
  listed,
  served,
  onServe,
}: {
  listed: string[];
  served: string[];
  onServe: (models: string[]) => void;
}) {
  const { t, lang } = useI18n();
  const [picked, setPicked] = useState<string[]>([]);
  const offered = listed.filter((model) => !served.includes(model));
  if (offered.length === 0) {
    return <p className="mt-3 text-xs text-slate-500">{t.fixes.allServed}</p>;
  }
  const toggle = (model: string) =>
    setPicked((current) =>
      current.includes(model) ? current.filter((m) => m !== model) : [...current, model],
    );
  return (
    <div className="mt-3" data-testid="upstream-models">
      <p className="text-xs text-slate-500">{t.fixes.upstreamModels}</p>
      <ul className="mt-1 flex flex-wrap gap-1.5">
        {offered.map((model) => (
          <li key={model}>
            <button
              type="button"
              aria-pressed={picked.includes(model)}
              onClick={() => toggle(model)}
              className={`rounded-md px-2 py-0.5 font-mono text-xs ring-1 transition ${
                picked.includes(model)
                  ? "bg-indigo-500/20 text-indigo-100 ring-indigo-300/40"
                  : "bg-white/5 text-slate-300 ring-white/10 hover:bg-white/10"
              }`}
            >
              {model}
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className={`${buttonSecondary} mt-2`}
        disabled={picked.length === 0}
        onClick={() => onServe(picked)}
      >
        {t.fixes.serveModels(picked.length.toLocaleString(lang))}
      </button>
    </div>
  );
}
