"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useI18n } from "@/i18n/client.tsx";

export function ConsoleNav({ slug }: { slug: string }) {
  const { t } = useI18n();
  const pathname = usePathname();
  const base = `/console/${slug}`;
  const items = [
    { href: base, label: t.shell.overview },
    { href: `${base}/keys`, label: t.shell.apiKeys },
    { href: `${base}/usage`, label: t.shell.usage },
    { href: `${base}/models`, label: t.devPages.nav.models },
    { href: `${base}/playground`, label: t.devPages.nav.playground },
    { href: `${base}/quickstart`, label: t.devPages.nav.quickstart },
    { href: `${base}/billing`, label: t.dev.nav.billing },
    { href: `${base}/fine-tuning`, label: t.fineTuning.nav },
    { href: `${base}/invite`, label: t.referral.nav },
    { href: `${base}/settings`, label: t.dev.nav.settings },
  ];
  // The tabs wrap onto a second row on a phone rather than scroll: a half-hidden tab read "Set".
  return (
    <nav className="-mb-3 flex w-full flex-wrap gap-x-1" aria-label={t.shell.menu}>
      {items.map((item) => {
        const active = item.href === base ? pathname === base : pathname.startsWith(item.href);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={`shrink-0 border-b-2 px-3 pt-1 pb-2.5 text-sm font-medium transition ${
              active
                ? "border-indigo-400 text-white"
                : "border-transparent text-slate-400 hover:text-slate-200"
            }`}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
