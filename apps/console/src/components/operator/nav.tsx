"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useI18n } from "@/i18n/client.tsx";

export function OperatorNav() {
  const { t } = useI18n();
  const pathname = usePathname();
  const items = [
    { href: "/operator", label: t.operator.nav.dashboard },
    { href: "/operator/tenants", label: t.operator.nav.tenants },
    // The catalog's pages (channels, models and prices, codes) live in this area too.
    { href: "/operator/channels", label: t.catalog.nav.channels },
    { href: "/operator/models", label: t.catalog.nav.models },
    { href: "/operator/codes", label: t.catalog.nav.codes },
    { href: "/operator/fine-tuning", label: t.fineTuning.operator.nav },
    { href: "/operator/payments", label: t.payments.nav },
    { href: "/operator/referrals", label: t.referral.operator.nav },
    { href: "/operator/audit", label: t.operator.nav.audit },
    { href: "/operator/outbox", label: t.mail.outbox.nav },
    { href: "/operator/security", label: t.account.securityNav },
  ];
  return (
    <nav className="-mb-3 flex w-full gap-1 overflow-x-auto" aria-label={t.shell.menu}>
      {items.map((item) => {
        const active =
          item.href === "/operator" ? pathname === item.href : pathname.startsWith(item.href);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={`shrink-0 border-b-2 px-3 pt-1 pb-2.5 text-sm font-medium transition ${
              active
                ? "border-amber-300 text-white"
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
