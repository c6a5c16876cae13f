"use client";
// Chat with any model of the workspace in the browser. The key is pasted and kept only in this
// page's memory; the console's server relays the call to the proxy, which charges the workspace
// as for any call, so it shows in Usage like the rest.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRef, useState } from "react";
import { QueryError } from "@/components/shared/query-states.tsx";
import {
  buttonPrimary,
  buttonSecondary,
  cardClass,
  inputClass,
  PageHeader,
} from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import { errorMessageOf, readChatStream, type StreamUsage } from "./playground-stream.ts";

interface Turn {
  role: "user" | "assistant";
  content: string;
}

export function PlaygroundView({ tenantId, slug }: { tenantId: string; slug: string }) {
  const { t, lang } = useI18n();
  const p = t.devPages.playground;
  const trpc = useTRPC();
  const models = useQuery(trpc.models.list.queryOptions({ tenantId }));
  const chatModels = models.data?.models.filter((m) => m.kind === "CHAT") ?? [];
  const [key, setKey] = useState("");
  const [model, setModel] = useState("");
  const [system, setSystem] = useState("");
  const [temperature, setTemperature] = useState("1");
  const [maxTokens, setMaxTokens] = useState("256");
  const [draft, setDraft] = useState("");
  const [turns, setTurns] = useState<Turn[]>([]);
  const [answer, setAnswer] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [last, setLast] = useState<{ requestId: string; usage?: StreamUsage } | null>(null);
  const abort = useRef<AbortController | null>(null);
  const chosen = model || chatModels[0]?.id || "";
  const number = new Intl.NumberFormat(lang);

  async function send() {
    const content = draft.trim();
    if (!content || !key.trim() || !chosen || busy) return;
    const history: Turn[] = [...turns, { role: "user", content }];
    setTurns(history);
    setDraft("");
    setAnswer("");
    setError("");
    setLast(null);
    setBusy(true);
    const controller = new AbortController();
    abort.current = controller;
    let text = "";
    try {
      const response = await fetch(`/console/${slug}/playground/chat`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          key: key.trim(),
          model: chosen,
          system: system.trim() || undefined,
          messages: history,
          temperature: Number(temperature),
          maxTokens: Number.parseInt(maxTokens, 10) || undefined,
        }),
        signal: controller.signal,
      });
      const requestId = response.headers.get("x-request-id") ?? "";
      if (!response.ok || !response.body) {
        const message = await errorMessageOf(response);
        setError(message === "not_workspace_key" ? p.notWorkspaceKey : message);
        setLast(requestId ? { requestId } : null);
        return;
      }
      const usage = await readChatStream(response.body, (delta) => {
        text += delta;
        setAnswer(text);
      });
      setLast({ requestId, usage });
    } catch (caught) {
      if (!controller.signal.aborted) setError(caught instanceof Error ? caught.message : p.failed);
    } finally {
      if (text) setTurns((current) => [...current, { role: "assistant", content: text }]);
      setAnswer("");
      setBusy(false);
      abort.current = null;
    }
  }

  return (
    <div className="space-y-6">
      <PageHeader title={p.title} lead={p.lead} />
      <div className="grid gap-4 lg:grid-cols-[320px_1fr]">
        <section className={`${cardClass} space-y-4`}>
          <label className="block text-xs text-slate-400">
            <span className="mb-1 block">{p.key}</span>
            <input
              type="password"
              autoComplete="off"
              value={key}
              onChange={(event) => setKey(event.target.value)}
              placeholder="sk-relay-…"
              className={`${inputClass} w-full font-mono`}
              data-testid="playground-key"
            />
            <span className="mt-1 block text-[11px] text-slate-500">{p.keyHint}</span>
          </label>
          {models.isError ? (
            <QueryError retry={() => void models.refetch()} />
          ) : (
            <label className="block text-xs text-slate-400">
              <span className="mb-1 block">{p.model}</span>
              <select
                value={chosen}
                onChange={(event) => setModel(event.target.value)}
                className={`${inputClass} w-full`}
                data-testid="playground-model"
              >
                {chatModels.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.id}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label className="block text-xs text-slate-400">
            <span className="mb-1 block">{p.system}</span>
            <textarea
              value={system}
              onChange={(event) => setSystem(event.target.value)}
              rows={3}
              className={`${inputClass} w-full`}
              data-testid="playground-system"
            />
          </label>
          <div className="grid grid-cols-2 gap-3">
            <label className="block text-xs text-slate-400">
              <span className="mb-1 block">{p.temperature}</span>
              <input
                type="number"
                min={0}
                max={2}
                step={0.1}
                value={temperature}
                onChange={(event) => setTemperature(event.target.value)}
                className={`${inputClass} w-full`}
              />
            </label>
            <label className="block text-xs text-slate-400">
              <span className="mb-1 block">{p.maxTokens}</span>
              <input
                type="number"
                min={1}
                value={maxTokens}
                onChange={(event) => setMaxTokens(event.target.value)}
                className={`${inputClass} w-full`}
                data-testid="playground-max-tokens"
              />
            </label>
          </div>
        </section>
        <section className={`${cardClass} flex min-h-[420px] flex-col gap-4`}>
          <div className="flex-1 space-y-3" data-testid="playground-transcript">
            {turns.length === 0 && !answer ? (
              <p className="text-sm text-slate-500">{p.empty}</p>
            ) : null}
            {turns.map((turn, index) => (
              <div
                key={index}
                className={`whitespace-pre-wrap rounded-xl px-4 py-3 text-sm ${
                  turn.role === "user"
                    ? "bg-indigo-500/10 text-slate-100"
                    : "bg-white/5 text-slate-200"
                }`}
                data-testid={`playground-${turn.role}`}
              >
                {turn.content}
              </div>
            ))}
            {answer ? (
              <div
                className="whitespace-pre-wrap rounded-xl bg-white/5 px-4 py-3 text-sm text-slate-200"
                data-testid="playground-streaming"
              >
                {answer}
              </div>
            ) : null}
          </div>
          {error ? (
            <p className="rounded-lg bg-rose-400/10 px-3 py-2 text-sm text-rose-200" role="alert">
              {error}
            </p>
          ) : null}
          {last?.requestId ? (
            <p className="text-xs text-slate-400" data-testid="playground-last">
              {last.usage
                ? p.usage(
                    number.format(last.usage.promptTokens),
                    number.format(last.usage.completionTokens),
                  )
                : null}{" "}
              <Link
                href={`/console/${slug}/usage/${encodeURIComponent(last.requestId)}`}
                className="text-indigo-300 underline"
              >
                {p.seeInUsage}
              </Link>
            </p>
          ) : null}
          <form
            className="flex gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              void send();
            }}
          >
            <textarea
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === "Enter" && !event.shiftKey) {
                  event.preventDefault();
                  void send();
                }
              }}
              rows={2}
              placeholder={p.placeholder}
              className={`${inputClass} flex-1`}
              data-testid="playground-input"
            />
            <div className="flex flex-col gap-2">
              <button
                type="submit"
                disabled={busy || !key.trim() || !draft.trim() || !chosen}
                className={buttonPrimary}
                data-testid="playground-send"
              >
                {busy ? p.sending : p.send}
              </button>
              {busy ? (
                <button
                  type="button"
                  onClick={() => abort.current?.abort()}
                  className={buttonSecondary}
                >
                  {p.stop}
                </button>
              ) : (
                <button
                  type="button"
                  onClick={() => {
                    setTurns([]);
                    setLast(null);
                    setError("");
                  }}
                  className={buttonSecondary}
                >
                  {p.clear}
                </button>
              )}
            </div>
          </form>
        </section>
      </div>
    </div>
  );
}
