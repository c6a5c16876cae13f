import { setLocale } from "@/i18n/actions.ts";
import type { Locale, Messages } from "@/i18n/messages/index.ts";

/** A plain form posting to a server action, so switching works before (or without) JavaScript. */
export function LanguageSwitch({ locale, t }: { locale: Locale; t: Messages }) {
  const next: Locale = locale === "en" ? "zh" : "en";
  return (
    <form action={setLocale}>
      <input type="hidden" name="locale" value={next} />
      <button
        type="submit"
        aria-label={t.nav.switchLabel}
        lang={next === "zh" ? "zh-CN" : "en"}
        className="rounded-full border border-white/10 bg-white/5 px-3.5 py-1.5 text-sm text-slate-300 transition hover:border-white/20 hover:bg-white/10 hover:text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-400"
      >
        {t.nav.switchTo}
      </button>
    </form>
  );
}
