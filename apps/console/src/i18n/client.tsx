"use client";
import { createContext, type ReactNode, useContext } from "react";
import { dictionaries, htmlLang, type Locale, type Messages } from "./messages/index.ts";

const LocaleContext = createContext<Locale>("en");

/** Client components get the locale from the server layout and look the strings up themselves
 * (dictionaries hold functions, which cannot cross the server/client boundary as props). */
export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

export function useI18n(): { locale: Locale; lang: string; t: Messages } {
  const locale = useContext(LocaleContext);
  return { locale, lang: htmlLang[locale], t: dictionaries[locale] };
}
