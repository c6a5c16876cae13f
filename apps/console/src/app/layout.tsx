import type { Metadata } from "next";
import type { ReactNode } from "react";
import { getMessages } from "@/i18n/locale.ts";
import { htmlLang } from "@/i18n/messages/index.ts";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getMessages();
  return { title: t.meta.title, description: t.meta.description };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { locale } = await getMessages();
  return (
    <html lang={htmlLang[locale]}>
      <body className="min-h-dvh bg-slate-950 font-sans text-slate-100 antialiased">
        {children}
      </body>
    </html>
  );
}
