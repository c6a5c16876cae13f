import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { MoneyProvider } from "@/components/shared/money.tsx";
import { I18nProvider } from "@/i18n/client.tsx";
import { getMessages } from "@/i18n/locale.ts";
import { htmlLang } from "@/i18n/messages/index.ts";
import { displayCurrencyFor } from "@/server/display-currency.ts";
import { TRPCReactProvider } from "@/trpc/client.tsx";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getMessages();
  return { title: t.meta.title, description: t.meta.description };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#020617" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { locale } = await getMessages();
  const money = await displayCurrencyFor(locale);
  return (
    <html lang={htmlLang[locale]}>
      <body className="min-h-dvh bg-slate-950 font-sans text-slate-100 antialiased">
        <I18nProvider locale={locale}>
          <MoneyProvider code={money.code} cnyPerUsdPpm={money.cnyPerUsdPpm}>
            <TRPCReactProvider>{children}</TRPCReactProvider>
          </MoneyProvider>
        </I18nProvider>
      </body>
    </html>
  );
}
