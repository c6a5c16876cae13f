import { getDb } from "@relay/db";
import Link from "next/link";
import { CopyButton } from "@/components/shared/copy-button.tsx";
import { LanguageSwitch } from "@/components/shared/language-switch.tsx";
import { env } from "@/env.ts";
import { getMessages } from "@/i18n/locale.ts";
import { htmlLang, type Messages } from "@/i18n/messages/index.ts";
import { getSession } from "@/server/auth/get-session.ts";
import { type PlatformStatus, readPlatformStatus } from "@/server/platform-status.ts";

// Live numbers on every request, never a build-time snapshot.
export const dynamic = "force-dynamic";

export default async function HomePage() {
  const [{ locale, t }, status, session] = await Promise.all([
    getMessages(),
    readPlatformStatus({ db: getDb }),
    getSession(),
  ]);
  if (!status.ok) console.error(`[console] platform status unavailable: ${status.error}`);
  const baseUrl = env.RELAY_PROXY_PUBLIC_URL;
  const lang = htmlLang[locale];

  return (
    <div className="relative isolate min-h-dvh overflow-hidden">
      <Backdrop />

      <header className="mx-auto flex max-w-5xl items-center justify-between px-6 py-6">
        <div className="flex items-center gap-2.5">
          <span className="grid size-8 place-items-center rounded-lg bg-gradient-to-br from-indigo-400 to-cyan-400 font-bold text-slate-950 shadow-lg shadow-indigo-500/20">
            R
          </span>
          <span className="text-lg font-semibold tracking-tight">Relay</span>
          <span className="rounded-md border border-white/10 px-1.5 py-0.5 text-[11px] uppercase tracking-wider text-slate-400">
            console
          </span>
        </div>
        <LanguageSwitch locale={locale} t={t} />
      </header>

      <main className="mx-auto max-w-5xl px-6 pb-20">
        <section className="pt-10 pb-12 sm:pt-16">
          <p className="inline-flex items-center gap-2 rounded-full border border-indigo-400/20 bg-indigo-400/10 px-3 py-1 text-xs font-medium text-indigo-200">
            <span className="size-1.5 rounded-full bg-indigo-300" />
            {t.hero.eyebrow}
          </p>
          <h1 className="mt-5 max-w-3xl text-4xl font-semibold tracking-tight text-balance break-keep text-white sm:text-5xl">
            {t.hero.title}
          </h1>
          <p className="mt-5 max-w-2xl text-base leading-7 text-pretty text-slate-400 sm:text-lg">
            {t.hero.lead}
          </p>
        </section>

        <div className="grid grid-cols-1 gap-5 lg:grid-cols-5">
          <section className="min-w-0 rounded-2xl border border-white/10 bg-white/[0.03] p-6 backdrop-blur lg:col-span-3">
            <h2 className="text-sm font-medium text-slate-300">{t.endpoint.title}</h2>
            <p className="mt-1 text-sm text-slate-500">{t.endpoint.hint}</p>
            <div className="mt-4 flex items-center gap-3 rounded-xl border border-white/10 bg-slate-900/70 px-4 py-3">
              <code className="min-w-0 flex-1 truncate font-mono text-sm text-cyan-200">
                {baseUrl}
              </code>
              <CopyButton value={baseUrl} label={t.endpoint.copy} copiedLabel={t.endpoint.copied} />
            </div>
            <pre className="mt-4 overflow-x-auto rounded-xl bg-black/40 p-4 font-mono text-[13px] leading-6 text-slate-300">
              <span className="text-slate-500">$ </span>export OPENAI_BASE_URL=
              <span className="text-cyan-200">{baseUrl}</span>
              {"\n"}
              <span className="text-slate-500">$ </span>export OPENAI_API_KEY=
              <span className="text-emerald-200">sk-relay-…</span>
              {"\n"}
              <span className="text-slate-500">$ </span>curl $OPENAI_BASE_URL/models \{"\n"}
              {"    "}-H{" "}
              <span className="text-amber-200">"Authorization: Bearer $OPENAI_API_KEY"</span>
            </pre>
          </section>

          <section className="flex min-w-0 flex-col rounded-2xl border border-white/10 bg-white/[0.03] p-6 lg:col-span-2">
            <h2 className="text-sm font-medium text-slate-300">{t.signIn.title}</h2>
            <p className="mt-3 text-sm leading-6 text-slate-400">{t.signIn.body}</p>
            <div className="mt-auto flex flex-col gap-2 pt-6">
              {session ? (
                <>
                  <p className="truncate text-xs text-slate-500">
                    {t.signIn.signedInAs(session.user.email)}
                  </p>
                  <Link href="/console" className={primaryButton}>
                    {t.signIn.openConsole}
                  </Link>
                </>
              ) : (
                <>
                  <Link href="/sign-up" className={primaryButton}>
                    {t.signIn.signUp}
                  </Link>
                  <Link href="/sign-in" className={secondaryButton}>
                    {t.signIn.signIn}
                  </Link>
                </>
              )}
            </div>
          </section>
        </div>

        <StatusSection status={status} t={t} lang={lang} />
      </main>

      <footer className="mx-auto max-w-5xl px-6">
        <div className="flex items-center justify-between border-t border-white/5 py-6 text-xs text-slate-500">
          <span>© Relay</span>
          <a href="/api/health" className="font-mono hover:text-slate-300">
            {t.footer.health}: /api/health
          </a>
        </div>
      </footer>
    </div>
  );
}

const primaryButton =
  "rounded-lg bg-indigo-500 px-4 py-2.5 text-center text-sm font-medium text-white transition hover:bg-indigo-400 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-400";
const secondaryButton =
  "rounded-lg border border-white/10 bg-white/5 px-4 py-2.5 text-center text-sm font-medium text-slate-200 transition hover:border-white/20 hover:bg-white/10";

function StatusSection({ status, t, lang }: { status: PlatformStatus; t: Messages; lang: string }) {
  const number = new Intl.NumberFormat(lang);
  const time = new Intl.DateTimeFormat(lang, { timeStyle: "medium" }).format(status.checkedAt);
  return (
    <section className="mt-12">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-lg font-semibold text-white">{t.status.title}</h2>
        <div className="flex items-center gap-3 text-xs text-slate-500">
          <span>
            {t.status.checkedAt} {time}
          </span>
          {status.ok ? (
            <span className="inline-flex items-center gap-1.5 rounded-full bg-emerald-400/10 px-2.5 py-1 font-medium text-emerald-300 ring-1 ring-emerald-300/20">
              <span className="relative flex size-2">
                <span className="absolute inline-flex size-full animate-ping rounded-full bg-emerald-400 opacity-60" />
                <span className="relative inline-flex size-2 rounded-full bg-emerald-400" />
              </span>
              {t.status.operational}
            </span>
          ) : (
            <span className="inline-flex items-center gap-1.5 rounded-full bg-rose-400/10 px-2.5 py-1 font-medium text-rose-300 ring-1 ring-rose-300/20">
              <span className="size-2 rounded-full bg-rose-400" />
              {t.status.unavailable}
            </span>
          )}
        </div>
      </div>

      {status.ok ? (
        <dl className="mt-4 grid gap-4 sm:grid-cols-3">
          <Stat label={t.status.tenants} value={number.format(status.counts.tenants)} />
          <Stat
            label={t.status.models}
            value={number.format(status.counts.models.total)}
            detail={t.status.enabledCount(number.format(status.counts.models.enabled))}
          />
          <Stat
            label={t.status.channels}
            value={number.format(status.counts.channels.total)}
            detail={t.status.enabledCount(number.format(status.counts.channels.enabled))}
          />
        </dl>
      ) : (
        <div
          role="alert"
          className="mt-4 rounded-2xl border border-rose-400/20 bg-rose-500/[0.07] p-6"
        >
          <h3 className="font-medium text-rose-200">{t.dbError.title}</h3>
          <p className="mt-2 max-w-2xl text-sm leading-6 text-rose-100/70">{t.dbError.body}</p>
          {/* The driver's message can name hosts and users: only development shows it. */}
          {env.NODE_ENV !== "production" && (
            <details className="mt-4 text-sm text-rose-100/60">
              <summary className="cursor-pointer select-none">{t.dbError.detail}</summary>
              <pre className="mt-2 overflow-x-auto rounded-lg bg-black/30 p-3 font-mono text-xs whitespace-pre-wrap">
                {status.error}
              </pre>
            </details>
          )}
        </div>
      )}
    </section>
  );
}

function Stat({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div className="rounded-2xl border border-white/10 bg-white/[0.03] p-5">
      <dt className="text-sm text-slate-400">{label}</dt>
      <dd className="mt-2 flex items-baseline justify-between gap-2">
        <span className="text-3xl font-semibold tabular-nums tracking-tight text-white">
          {value}
        </span>
        {detail && <span className="text-xs text-slate-500">{detail}</span>}
      </dd>
    </div>
  );
}

function Backdrop() {
  return (
    <div aria-hidden className="pointer-events-none absolute inset-0 -z-10">
      <div className="absolute -top-40 left-1/2 h-[32rem] w-[60rem] -translate-x-1/2 rounded-full bg-gradient-to-r from-indigo-600/25 via-sky-500/15 to-cyan-400/20 blur-3xl" />
      <div className="absolute inset-0 bg-[linear-gradient(to_right,rgb(255_255_255/0.03)_1px,transparent_1px),linear-gradient(to_bottom,rgb(255_255_255/0.03)_1px,transparent_1px)] bg-[size:48px_48px] [mask-image:radial-gradient(ellipse_at_top,black_30%,transparent_75%)]" />
    </div>
  );
}
